import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { Clock } from '../auth/token-verifier.service';
import { DEFAULT_CLIENT_ID, SimConfig } from '../config/sim.config';
import { findPackageRoot } from '../config/package-root.util';
import { rsaThumbprint } from '../identity/jwt.util';
import { SigningKey } from '../identity/signing-key.store';

/** Test doubles shared by the sim's unit specs. */

export function simConfigDouble(overrides: Partial<SimConfig> = {}): SimConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    tls: false,
    stateDir: '/nonexistent/panda-sim-state',
    // what main.ts sets: the server's base URL
    issuer: 'http://127.0.0.1:9',
    clientId: DEFAULT_CLIENT_ID,
    tokenTtlSeconds: 900,
    deviceIntervalSeconds: 5,
    deviceCodeTtlSeconds: 600,
    commandDelaySeconds: 5,
    apiSpecFile: path.join(findPackageRoot(), 'config', 'panda-api', 'openapi.yaml'),
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export interface ClockDouble {
  clock: Clock;
  now(): number;
  advance(ms: number): void;
}

export function clockDouble(start = Date.UTC(2025, 5, 1, 12, 0, 0)): ClockDouble {
  let now = start;
  return { clock: () => now, now: () => now, advance: (ms) => (now += ms) };
}

/** An in-memory signing key, generated once per test file (RSA generation is slow). */
export function signingKeyDouble(): SigningKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = rsaThumbprint(jwk);
  return { kid, privateKey, publicKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}
