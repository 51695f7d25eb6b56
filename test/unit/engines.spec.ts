import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

/** The project declares a Node version; every locked dependency must really support its lowest one. */
describe('declared engines', () => {
  it('are supported by every dependency in the lockfile', () => {
    const declared: string = read('package.json').engines.node;
    const lowest = semver.minVersion(declared)!.version;
    const packages = read('package-lock.json').packages as Record<string, { engines?: { node?: string } }>;
    const unsupported = Object.entries(packages)
      .filter(([name, info]) => name && typeof info.engines?.node === 'string')
      .filter(
        ([, info]) =>
          semver.validRange(info.engines!.node!) && !semver.satisfies(lowest, info.engines!.node!),
      )
      .map(([name, info]) => `${name} needs node ${info.engines!.node}`);
    expect(unsupported).toEqual([]);
  });
});
