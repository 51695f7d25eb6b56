import type { HttpFetch } from './http-fetch.factory';

/**
 * Wraps a fetch so that every request carries the credentials of that moment, as panda-mcp reads them
 * per message: `Authorization: Bearer <token>` and `X-Auth-Token` (PanDA's reference server reads
 * either), and the VO as `Origin`. `currentToken` is asked per request, so a refresh takes effect on
 * the next request of an open session.
 */
export function withPandaCredentials(
  base: HttpFetch,
  currentToken: () => string | undefined,
  vo: string | undefined,
): HttpFetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    const token = currentToken();
    if (token) {
      headers.set('Authorization', `Bearer ${token}`);
      headers.set('X-Auth-Token', token);
    }
    if (vo) headers.set('Origin', vo);
    return base(input, { ...init, headers });
  };
}
