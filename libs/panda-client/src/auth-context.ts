/**
 * The caller's credentials for ONE tool call, read from the HTTP request that carried that call.
 * Never cached per session: MCP clients refresh PanDA ID tokens every few minutes.
 */
export interface AuthContext {
  /** The raw ID token (no "Bearer " prefix), or undefined when the caller sent none. */
  token?: string;
  /** The VO taken from a VO-shaped Origin header, or undefined. */
  vo?: string;
  /** Our own id for this call, sent upstream as X-Request-Id for correlation. */
  requestId: string;
  /**
   * Who the token claims to be (sessionOwnerOf), decided once per HTTP request: sessions belong to it
   * and per-caller limits count by it. Never sent upstream.
   */
  caller?: string;
}

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `Bearer <token>` (any case); a bare token with no scheme is taken as is, as the reference server does. */
const BEARER = /^bearer(?:\s+|$)/i;
/** Any other HTTP auth scheme (`Basic x`, `Negotiate x`): never a PanDA ID token. */
const OTHER_SCHEME = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*\s+\S/;

function bearerToken(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (BEARER.test(trimmed)) return trimmed.replace(BEARER, '').trim() || undefined;
  return OTHER_SCHEME.test(trimmed) ? undefined : trimmed;
}

/**
 * The token as the reference server reads it: `X-Auth-Token` when present, else `Authorization`
 * with an optional `Bearer ` prefix (any case). Whitespace-only values count as absent, and another
 * scheme (`Basic ...`) is no token at all, so it is never forwarded as `Bearer Basic ...`.
 */
export function readCallerToken(headers: HeaderSource): string | undefined {
  const explicit = readHeader(headers, 'x-auth-token')?.trim();
  if (explicit) return bearerToken(explicit);
  return bearerToken(readHeader(headers, 'authorization'));
}

export { readHeader };
