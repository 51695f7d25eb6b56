import { AuthContext } from './auth-context';

/** The only headers PanDA ever receives from us besides the three the auth context sets. */
export interface TransportHeaders {
  Accept: string;
  'User-Agent': string;
  'Content-Type'?: string;
  'Content-Length'?: string;
}

/**
 * The auth-context interceptor: every outgoing PanDA request's headers are built here, from a fixed set
 * of plumbing headers plus exactly `Authorization: Bearer`, `Origin: <vo>` and `X-Request-Id` from the
 * AuthContext of the MCP message being served. Nothing the MCP client sent (cookies, other tokens) is
 * copied, so nothing else can reach PanDA.
 */
export function applyPandaAuth(
  transport: TransportHeaders,
  auth: AuthContext | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(transport)) if (value !== undefined) headers[name] = value;
  if (auth?.token) headers.Authorization = `Bearer ${auth.token}`;
  if (auth?.vo) headers.Origin = auth.vo;
  if (auth?.requestId) headers['X-Request-Id'] = auth.requestId;
  return headers;
}
