import { AxiosHeaders, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import { AuthContext } from './auth-context';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The caller of THIS PanDA call: the only source of the credentials that go upstream. */
    pandaAuth?: AuthContext;
    /** The W3C traceparent of this call's span, when tracing is on. */
    pandaTraceparent?: string;
  }
}

/** The headers PanDA may receive from us: plumbing (set on the instance) plus these three... */
export const AUTH_HEADERS = ['Authorization', 'Origin', 'X-Request-Id'] as const;
/** ...and, only when tracing is on, the trace context of the call's span. */
export const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

/**
 * The auth-context interceptor: turns the AuthContext of one call into exactly `Authorization: Bearer`,
 * `Origin: <vo>` and `X-Request-Id`, after removing any of them that something else set. Nothing the MCP
 * client sent is copied, so nothing else of the caller's can reach PanDA.
 */
export function applyPandaAuth(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
  const headers = AxiosHeaders.from(config.headers);
  for (const name of [...AUTH_HEADERS, ...TRACE_HEADERS]) headers.delete(name);
  const auth = config.pandaAuth;
  if (auth?.token) headers.set('Authorization', `Bearer ${auth.token}`);
  if (auth?.vo) headers.set('Origin', auth.vo);
  if (auth?.requestId) headers.set('X-Request-Id', auth.requestId);
  if (config.pandaTraceparent) headers.set('traceparent', config.pandaTraceparent);
  config.headers = headers;
  return config;
}

/** Installs the interceptor; synchronous, so it adds no promise hop to the call. */
export function usePandaAuthInterceptor(client: AxiosInstance): void {
  client.interceptors.request.use(applyPandaAuth, undefined, { synchronous: true });
}
