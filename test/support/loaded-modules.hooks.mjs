// The module-loading hook of loaded-modules.preload.js: appends the URL of every ES module to a file.
import * as fs from 'node:fs';

let esmFile;

export function initialize(data) {
  esmFile = data.esmFile;
}

export async function load(url, context, nextLoad) {
  fs.appendFileSync(esmFile, `${url}\n`);
  return nextLoad(url, context);
}
