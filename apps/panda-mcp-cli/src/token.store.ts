import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeUnverifiedJwtPayload } from '@panda-mcp/common';
import { CliError } from './cli.errors';

/** The token endpoint's JSON answer (RFC 6749 section 5.1 plus OIDC's id_token). */
export interface TokenResponse {
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
  [extra: string]: unknown;
}

/** What the token file holds: the token response plus `expires_at`, epoch seconds. */
export interface StoredTokens extends TokenResponse {
  expires_at: number;
}

/** Assumed when neither `expires_in` nor the ID token say: PanDA's ID tokens live 15 minutes. */
export const FALLBACK_LIFETIME_SECONDS = 900;

/** The `exp` claim of a JWT, read without verifying (only to schedule a refresh). */
export function jwtExpiry(jwt: string | undefined): number | undefined {
  const exp = decodeUnverifiedJwtPayload(jwt)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
}

/**
 * When the token we send stops working: the earlier of `now + expires_in` and the ID token's own `exp`
 * (the IdP's expires_in describes the access token; PanDA checks the ID token).
 */
export function expiresAt(response: TokenResponse, nowSeconds: number): number {
  const candidates: number[] = [];
  if (typeof response.expires_in === 'number' && Number.isFinite(response.expires_in)) {
    candidates.push(nowSeconds + response.expires_in);
  }
  const exp = jwtExpiry(response.id_token);
  if (exp !== undefined) candidates.push(exp);
  return candidates.length ? Math.floor(Math.min(...candidates)) : nowSeconds + FALLBACK_LIFETIME_SECONDS;
}

/** The token PanDA takes: the ID token, or the access token of an IdP that sends no ID token. */
export function bearerOf(tokens: TokenResponse | undefined): string | undefined {
  return tokens?.id_token || tokens?.access_token || undefined;
}

export interface TokenStore {
  /** Where the tokens live, for messages. */
  readonly location: string;
  /** The saved tokens, or undefined when there are none. Throws when the file is unreadable or broken. */
  read(): StoredTokens | undefined;
  /** Saves a token response with its `expires_at`, replacing what was there in one step. */
  write(response: TokenResponse, nowSeconds: number): StoredTokens;
}

/**
 * The token file shared by `login`, `bridge` and the test client. Written atomically (a 0600 temp file
 * in the same folder, then rename), so a bridge reading it while another process refreshes never sees
 * half a file, and the file is never readable by others, not even for a moment.
 */
export class FileTokenStore implements TokenStore {
  constructor(readonly location: string) {}

  read(): StoredTokens | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CliError(`cannot read the token file ${this.location}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // the content is never echoed: it may hold tokens
      throw new CliError(`the token file ${this.location} is not JSON`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CliError(`the token file ${this.location} does not hold a token response`);
    }
    const tokens = parsed as StoredTokens;
    if (typeof tokens.expires_at !== 'number') {
      // a file written by another tool: work out the expiry from the ID token
      tokens.expires_at = jwtExpiry(tokens.id_token) ?? 0;
    }
    return tokens;
  }

  write(response: TokenResponse, nowSeconds: number): StoredTokens {
    const stored: StoredTokens = { ...response, expires_at: expiresAt(response, nowSeconds) };
    const dir = path.dirname(path.resolve(this.location));
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = path.join(dir, `.${path.basename(this.location)}.${process.pid}.${crypto.randomUUID()}.tmp`);
    try {
      fs.writeFileSync(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      fs.renameSync(tmp, this.location);
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw new CliError(`cannot write the token file ${this.location}: ${(error as Error).message}`);
    }
    return stored;
  }
}

/** In memory: for tests, and for a token given with `--token` that must never reach a file. */
export class MemoryTokenStore implements TokenStore {
  readonly location = '(memory)';
  constructor(private tokens?: StoredTokens) {}

  read(): StoredTokens | undefined {
    return this.tokens === undefined ? undefined : { ...this.tokens };
  }

  write(response: TokenResponse, nowSeconds: number): StoredTokens {
    this.tokens = { ...response, expires_at: expiresAt(response, nowSeconds) };
    return { ...this.tokens };
  }
}
