import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrCreateSigningKey, SIGNING_KEY_FILE } from './signing-key.store';

describe(loadOrCreateSigningKey.name, () => {
  let root: string;

  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-sim-key-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates the state folder 0700 and the key file 0600, and reuses the key', () => {
    const stateDir = path.join(root, 'state');
    const sut = loadOrCreateSigningKey(stateDir);
    expect(fs.statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(stateDir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSigningKey(stateDir).kid).toBe(sut.kid);
    expect(sut.publicJwk).not.toHaveProperty('d');
    expect(fs.readdirSync(stateDir)).toEqual([SIGNING_KEY_FILE]);
  });

  it('tightens a state folder that others can read', () => {
    const stateDir = path.join(root, 'loose');
    fs.mkdirSync(stateDir, { mode: 0o755 });
    fs.chmodSync(stateDir, 0o755);
    loadOrCreateSigningKey(stateDir);
    expect(fs.statSync(stateDir).mode & 0o777).toBe(0o700);
  });
});
