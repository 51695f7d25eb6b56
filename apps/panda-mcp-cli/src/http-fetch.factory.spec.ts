import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from './cli.errors';
import { caBundleCertificates } from './http-fetch.factory';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe(caBundleCertificates.name, () => {
  let dir: string;

  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-ca-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a bundle file, or the certificates of a grid-style folder', () => {
    fs.writeFileSync(path.join(dir, 'bundle.pem'), PEM);
    expect(caBundleCertificates(path.join(dir, 'bundle.pem'))).toEqual([PEM]);
    fs.writeFileSync(path.join(dir, '1a2b3c4d.0'), PEM);
    fs.writeFileSync(path.join(dir, 'README'), 'not a certificate');
    fs.writeFileSync(path.join(dir, 'policy.signing_policy'), 'access_id_CA');
    expect(caBundleCertificates(dir)).toHaveLength(2);
  });

  it('says so when there is nothing to trust', () => {
    fs.writeFileSync(path.join(dir, 'empty.pem'), 'nothing here');
    expect(() => caBundleCertificates(path.join(dir, 'empty.pem'))).toThrow(
      new CliError(`--ca-bundle: no PEM certificate in ${path.join(dir, 'empty.pem')}`),
    );
    fs.mkdirSync(path.join(dir, 'empty-folder'));
    expect(() => caBundleCertificates(path.join(dir, 'empty-folder'))).toThrow(/no PEM certificate/);
    const missing = path.join(dir, 'missing.pem');
    expect(() => caBundleCertificates(missing)).toThrow(CliError);
    expect(() => caBundleCertificates(missing)).toThrow(`--ca-bundle: cannot read ${missing}: ENOENT`);
  });
});
