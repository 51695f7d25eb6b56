import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from './cli.errors';
import { jwtWith } from './testing/cli-test.doubles';
import {
  bearerOf,
  expiresAt,
  FALLBACK_LIFETIME_SECONDS,
  FileTokenStore,
  jwtExpiry,
  TokenResponse,
} from './token.store';

const NOW = 1_800_000_000;

describe(expiresAt.name, () => {
  it('is now + expires_in when the ID token says nothing else', () => {
    expect(expiresAt({ id_token: jwtWith({}), expires_in: 900 }, NOW)).toBe(NOW + 900);
  });

  it("is the ID token's exp when that comes first (expires_in describes the access token)", () => {
    expect(expiresAt({ id_token: jwtWith({ exp: NOW + 300 }), expires_in: 900 }, NOW)).toBe(NOW + 300);
    expect(expiresAt({ id_token: jwtWith({ exp: NOW + 3600 }), expires_in: 900 }, NOW)).toBe(NOW + 900);
    expect(expiresAt({ id_token: jwtWith({ exp: NOW + 60 }) }, NOW)).toBe(NOW + 60);
  });

  it("assumes PanDA's 15 minutes when nothing tells", () => {
    expect(expiresAt({ id_token: 'not-a-jwt' }, NOW)).toBe(NOW + FALLBACK_LIFETIME_SECONDS);
  });
});

describe(jwtExpiry.name, () => {
  it('reads exp without verifying, and nothing from garbage', () => {
    expect(jwtExpiry(jwtWith({ exp: 42 }))).toBe(42);
    expect(jwtExpiry(jwtWith({ exp: 'soon' }))).toBeUndefined();
    expect(jwtExpiry('a.%%%.c')).toBeUndefined();
    expect(jwtExpiry(undefined)).toBeUndefined();
  });
});

describe(bearerOf.name, () => {
  it('prefers the ID token, as PanDA does', () => {
    expect(bearerOf({ id_token: 'id', access_token: 'access' })).toBe('id');
    expect(bearerOf({ access_token: 'access' })).toBe('access');
    expect(bearerOf({})).toBeUndefined();
  });
});

describe(FileTokenStore.name, () => {
  let dir: string;
  let file: string;
  let sut: FileTokenStore;
  const response: TokenResponse = {
    id_token: jwtWith({ exp: NOW + 900 }),
    refresh_token: 'refresh-1',
    token_type: 'Bearer',
    expires_in: 900,
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-token-'));
    file = path.join(dir, 'sub', '.panda_id_token');
    sut = new FileTokenStore(file);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has nothing before the first login', () => {
    expect(sut.read()).toBeUndefined();
  });

  it('writes the token response plus expires_at, mode 0600, and reads it back', () => {
    const stored = sut.write(response, NOW);
    expect(stored).toEqual({ ...response, expires_at: NOW + 900 });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(sut.read()).toEqual(stored);
  });

  it('replaces the file in one step: a 0644 file becomes 0600, and no temp file is left', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"id_token": "old"}', { mode: 0o644 });
    const inodeBefore = fs.statSync(file).ino;
    sut.write(response, NOW);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // rename(2) puts a new file in place rather than rewriting the old one
    expect(fs.statSync(file).ino).not.toBe(inodeBefore);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['.panda_id_token']);
  });

  it('leaves the old file alone and no temp file behind when it cannot write', () => {
    fs.mkdirSync(file, { recursive: true }); // a folder where the file should be: rename fails
    expect(() => sut.write(response, NOW)).toThrow(CliError);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['.panda_id_token']);
    expect(fs.statSync(file).isDirectory()).toBe(true);
  });

  it("works out expires_at for a file another tool wrote, from the ID token's exp", () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ id_token: jwtWith({ exp: NOW + 10 }) }));
    expect(sut.read()?.expires_at).toBe(NOW + 10);
  });

  it('reports a broken file without echoing its content', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'secret-token-text');
    expect(() => sut.read()).toThrow(CliError);
    expect(() => sut.read()).toThrow(/is not JSON/);
    try {
      sut.read();
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-token-text');
    }
    fs.writeFileSync(file, '[]');
    expect(() => sut.read()).toThrow(/does not hold a token response/);
  });
});
