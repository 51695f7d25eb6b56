'use strict';
// Preloaded into a process under test (`node --require`, or NODE_OPTIONS='--require "<this file>"'):
// writes the file of every module the process loaded, one a line, to $LOADED_MODULES_FILE when the
// process exits and when it gets SIGUSR2. CommonJS modules are the keys of require.cache; ES modules
// (a dynamic import(), which require.cache never sees) are appended to <file>.esm by a module-loading
// hook, which runs in a thread of its own.
const fs = require('node:fs');
const nodeModule = require('node:module');
const { fileURLToPath, pathToFileURL } = require('node:url');
const { isMainThread } = require('node:worker_threads');

const target = process.env.LOADED_MODULES_FILE;
// preloads run in worker threads too, the hooks' own among them
if (target && isMainThread) {
  const esmFile = `${target}.esm`;
  if (typeof nodeModule.register === 'function') {
    fs.writeFileSync(esmFile, '');
    nodeModule.register('./loaded-modules.hooks.mjs', pathToFileURL(__filename), { data: { esmFile } });
  }
  const write = () => {
    const files = new Set(Object.keys(require.cache));
    const urls = fs.existsSync(esmFile) ? fs.readFileSync(esmFile, 'utf8').split('\n') : [];
    for (const url of urls) if (url.startsWith('file:')) files.add(fileURLToPath(url));
    fs.writeFileSync(target, `${[...files].sort().join('\n')}\n`);
  };
  process.on('exit', write);
  process.on('SIGUSR2', write);
}
