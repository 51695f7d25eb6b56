import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from './cli.errors';
import { readCaCertificates } from './http-fetch.factory';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe(readCaCertificates.name, () => {
  let dir: string;

  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-ca-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a bundle file, or the certificates of a grid-style folder', () => {
    fs.writeFileSync(path.join(dir, 'bundle.pem'), PEM);
    expect(readCaCertificates(path.join(dir, 'bundle.pem'))).toEqual([PEM]);
    fs.writeFileSync(path.join(dir, '1a2b3c4d.0'), PEM);
    fs.writeFileSync(path.join(dir, 'README'), 'not a certificate');
    fs.writeFileSync(path.join(dir, 'policy.signing_policy'), 'access_id_CA');
    expect(readCaCertificates(dir)).toHaveLength(2);
  });

  it('says so when there is nothing to trust', () => {
    fs.writeFileSync(path.join(dir, 'empty.pem'), 'nothing here');
    expect(() => readCaCertificates(path.join(dir, 'empty.pem'))).toThrow(CliError);
    expect(() => readCaCertificates(path.join(dir, 'missing.pem'))).toThrow(/cannot read/);
  });
});
