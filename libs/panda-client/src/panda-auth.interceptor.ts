import type { InternalAxiosRequestConfig } from 'axios';
import { AuthContext } from './auth-context';

/** Headers PanDA may see from us besides the three the auth context sets. */
const TRANSPORT_HEADERS = new Set([
  'accept',
  'content-type',
  'content-length',
  'user-agent',
  'accept-encoding',
]);

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Credentials of the MCP message this PanDA call serves. */
    pandaAuth?: AuthContext;
  }
}

/**
 * The auth-context interceptor: turns the per-call AuthContext into exactly `Authorization: Bearer`,
 * `Origin: <vo>` and `X-Request-Id`, and drops every other header that is not plain HTTP plumbing, so
 * nothing else the client sent (cookies, other tokens) can reach PanDA.
 */
export function applyPandaAuth(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
  const auth = config.pandaAuth;
  for (const name of Object.keys(config.headers.toJSON())) {
    if (!TRANSPORT_HEADERS.has(name.toLowerCase())) config.headers.delete(name);
  }
  if (auth?.token) config.headers.set('Authorization', `Bearer ${auth.token}`);
  if (auth?.vo) config.headers.set('Origin', auth.vo);
  if (auth?.requestId) config.headers.set('X-Request-Id', auth.requestId);
  return config;
}
