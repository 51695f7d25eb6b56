import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { readCaCertificates, trustedCaCertificates } from './ca-certificates';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe(trustedCaCertificates.name, () => {
  const sut = trustedCaCertificates;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps Node defaults when nothing is configured', () => {
    expect(sut({})).toBeUndefined();
  });

  it('adds a bundle and the certificate files of a grid CA folder to the public roots', () => {
    fs.writeFileSync(path.join(dir, 'bundle.pem'), PEM);
    fs.mkdirSync(path.join(dir, 'grid'));
    fs.writeFileSync(path.join(dir, 'grid', 'abcd1234.0'), PEM);
    fs.writeFileSync(path.join(dir, 'grid', 'abcd1234.signing_policy'), 'not a cert');
    const certs = sut({ caBundle: path.join(dir, 'bundle.pem'), caDir: path.join(dir, 'grid') })!;
    expect(certs).toHaveLength(tls.rootCertificates.length + 2);
  });

  it('throws naming the location that cannot be read', () => {
    expect(() => readCaCertificates(path.join(dir, 'missing.pem'))).toThrow(/missing\.pem/);
  });
});
