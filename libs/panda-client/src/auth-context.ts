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
}

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The token as the reference server reads it: `X-Auth-Token` when present, else `Authorization`
 * with an optional `Bearer ` prefix (any case). Whitespace-only values count as absent.
 */
export function readCallerToken(headers: HeaderSource): string | undefined {
  const explicit = readHeader(headers, 'x-auth-token')?.trim();
  if (explicit) return explicit.replace(/^bearer(\s+|$)/i, '').trim() || undefined;
  const authorization = readHeader(headers, 'authorization')?.trim();
  if (!authorization) return undefined;
  return authorization.replace(/^bearer(\s+|$)/i, '').trim() || undefined;
}

export { readHeader };
