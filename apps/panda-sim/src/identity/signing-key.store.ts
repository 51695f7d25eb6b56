import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rsaThumbprint } from './jwt.util';

export const SIGNING_KEY_FILE = 'signing-key.json';

/** The issuer's RSA key: the private half signs tokens, the public half is published as JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  /** Public JWK as published by the JWKS endpoint. */
  publicJwk: crypto.JsonWebKey & { kid: string; alg: string; use: string };
}

/**
 * Creates the state folder owner-only (0700). A folder that exists but belongs to someone else is
 * refused: the signing key in it decides who the sim believes a caller is.
 */
export function ensureStateDir(stateDir: string): void {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const stat = fs.statSync(stateDir);
  if (!stat.isDirectory()) throw new Error(`panda-sim: state path ${stateDir} is not a folder`);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new Error(`panda-sim: state folder ${stateDir} belongs to another user; set PANDA_SIM_STATE_DIR`);
  }
  if ((stat.mode & 0o777) !== 0o700) fs.chmodSync(stateDir, 0o700);
}

function toSigningKey(privateJwk: crypto.JsonWebKey): SigningKey {
  const privateKey = crypto.createPrivateKey({ key: privateJwk, format: 'jwk' });
  const publicKey = crypto.createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' });
  const kid = rsaThumbprint(exported);
  return { kid, privateKey, publicKey, publicJwk: { ...exported, kid, alg: 'RS256', use: 'sig' } };
}

/**
 * Loads the signing key from the state folder, creating it (mode 0600) on first use. The server and
 * the `sim:token` command share it this way; the key is published by link(2) from a private temp
 * file, so a concurrent reader never sees half a key and two creators cannot both win.
 */
export function loadOrCreateSigningKey(stateDir: string): SigningKey {
  ensureStateDir(stateDir);
  const keyFile = path.join(stateDir, SIGNING_KEY_FILE);
  if (!fs.existsSync(keyFile)) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const tmpFile = path.join(stateDir, `.${SIGNING_KEY_FILE}.${process.pid}.${crypto.randomUUID()}`);
    fs.writeFileSync(tmpFile, JSON.stringify(privateKey.export({ format: 'jwk' })), {
      mode: 0o600,
      flag: 'wx',
    });
    try {
      fs.linkSync(tmpFile, keyFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(tmpFile);
    }
  }
  const stat = fs.statSync(keyFile);
  if ((stat.mode & 0o077) !== 0) fs.chmodSync(keyFile, 0o600);
  return toSigningKey(JSON.parse(fs.readFileSync(keyFile, 'utf8')) as crypto.JsonWebKey);
}
