import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeJwt } from './jwt.util';
import { signSimToken } from './id-token.signer';
import { ISSUER_FILE, readIssuerFile, writeIssuerFile } from './issuer-file.store';

describe(writeIssuerFile.name, () => {
  let stateDir: string;

  beforeEach(() => (stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-sim-issuer-'))));
  afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  it('records the issuer 0600 and reads it back; the last writer wins', () => {
    expect(readIssuerFile(stateDir)).toBeUndefined();
    writeIssuerFile(stateDir, 'http://127.0.0.1:1111');
    writeIssuerFile(stateDir, 'http://127.0.0.1:2222');
    expect(readIssuerFile(stateDir)).toBe('http://127.0.0.1:2222');
    expect(fs.statSync(path.join(stateDir, ISSUER_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(stateDir)).toEqual([ISSUER_FILE]);
  });

  it('is what signSimToken uses when no issuer is given, and its absence is explained', () => {
    const options = { stateDir, clientId: 'panda-sim-client', user: 'alice', ttlSeconds: 60 };
    expect(() => signSimToken(options)).toThrow(/start panda-sim with it first/);
    writeIssuerFile(stateDir, 'http://127.0.0.1:3333');
    expect(decodeJwt(signSimToken(options)).payload.iss).toBe('http://127.0.0.1:3333');
    expect(decodeJwt(signSimToken({ ...options, issuer: 'fixed' })).payload.iss).toBe('fixed');
  });
});
