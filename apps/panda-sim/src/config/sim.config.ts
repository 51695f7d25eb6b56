import * as os from 'node:os';
import * as path from 'node:path';
import { findPackageRoot } from './package-root.util';

/** Everything panda-sim reads from its environment, validated once at startup. */
export interface SimConfig {
  /** Interface to bind (PANDA_SIM_HOST). */
  host: string;
  /** TCP port (PANDA_SIM_PORT); 0 picks a free port. */
  port: number;
  /** Serve HTTPS with a generated CA (PANDA_SIM_TLS=1). */
  tls: boolean;
  /** Folder for the signing key and the TLS CA (PANDA_SIM_STATE_DIR). */
  stateDir: string;
  /**
   * `iss` of every token and `issuer` of the discovery document: PANDA_SIM_ISSUER, or else empty until
   * the server listens and sets it to its own base URL (main.ts), as OIDC clients expect of an issuer.
   */
  issuer: string;
  /** OIDC client id; also the `aud` of ID tokens, as PanDA's auth config expects. */
  clientId: string;
  /** Lifetime of ID and access tokens in seconds (PANDA_SIM_TOKEN_TTL). */
  tokenTtlSeconds: number;
  /** Minimum seconds between two polls of the token endpoint for one device code (PANDA_SIM_DEVICE_INTERVAL). */
  deviceIntervalSeconds: number;
  /** Lifetime of a device code in seconds (PANDA_SIM_DEVICE_CODE_TTL). */
  deviceCodeTtlSeconds: number;
  /** Seconds before an accepted task/job command completes, as JEDI would do later (PANDA_SIM_COMMAND_DELAY). */
  commandDelaySeconds: number;
  /** The API description whose operations the sim serves (PANDA_SIM_API_SPEC). */
  apiSpecFile: string;
}

/**
 * No fixed issuer: empty stands for the running server's base URL, which it writes to `<state dir>/issuer`
 * at startup so that `sim:token` and test support sign tokens it accepts (see identity/issuer-file.store.ts).
 */
export const DEFAULT_ISSUER = '';
export const DEFAULT_CLIENT_ID = 'panda-sim-client';
/** The one VO the sim knows, as PanDA's auth_policies would list it. */
export const SIM_VO = 'atlas';

export const SIM_CONFIG = Symbol('SIM_CONFIG');

type Env = Record<string, string | undefined>;

function intFrom(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`panda-sim: ${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function flagFrom(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  return raw === '1' || raw === 'true' || raw === 'yes' || raw === 'on';
}

/** The state folder used when PANDA_SIM_STATE_DIR is not set. */
export function defaultStateDir(): string {
  return path.join(os.tmpdir(), 'panda-sim');
}

export function loadSimConfig(env: Env = process.env): SimConfig {
  const stateDir = env.PANDA_SIM_STATE_DIR?.trim()
    ? path.resolve(env.PANDA_SIM_STATE_DIR)
    : defaultStateDir();
  const issuer = env.PANDA_SIM_ISSUER?.trim() || DEFAULT_ISSUER;
  const apiSpecFile = env.PANDA_SIM_API_SPEC?.trim()
    ? path.resolve(env.PANDA_SIM_API_SPEC)
    : path.join(findPackageRoot(), 'config', 'panda-api', 'openapi.yaml');
  return {
    host: env.PANDA_SIM_HOST?.trim() || '127.0.0.1',
    port: intFrom(env, 'PANDA_SIM_PORT', 25080, 0, 65535),
    tls: flagFrom(env, 'PANDA_SIM_TLS'),
    stateDir,
    issuer,
    clientId: DEFAULT_CLIENT_ID,
    tokenTtlSeconds: intFrom(env, 'PANDA_SIM_TOKEN_TTL', 900, 1, 31 * 24 * 3600),
    deviceIntervalSeconds: intFrom(env, 'PANDA_SIM_DEVICE_INTERVAL', 5, 0, 600),
    deviceCodeTtlSeconds: intFrom(env, 'PANDA_SIM_DEVICE_CODE_TTL', 600, 1, 24 * 3600),
    commandDelaySeconds: intFrom(env, 'PANDA_SIM_COMMAND_DELAY', 5, 0, 24 * 3600),
    apiSpecFile,
  };
}
