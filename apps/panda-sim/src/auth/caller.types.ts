/**
 * Who is calling, as PanDA's request object sees it after token decoding. A request without an
 * Authorization header is `authenticated` (PanDA lets it through) but has no DN, so endpoints that
 * need a secure connection refuse it themselves.
 */
export interface Caller {
  /** False only when a token was presented and refused; `failure` then says why. */
  authenticated: boolean;
  failure?: string;
  /** The DN PanDA derives from the token (`SSL_CLIENT_S_DN`); undefined without a credential. */
  dn?: string;
  /** clean_user_id(dn): the owner name used in task and job records. */
  userName?: string;
  fqans: string[];
  productionRole: boolean;
  vo?: string;
  role?: string;
  /** `preferred_username` and `sub` of a verified token, for the request log. */
  username?: string;
  subject?: string;
  /** `jti` of a verified token: tells two tokens of one user apart in the request log. */
  tokenId?: string;
  /** The variables PanDA would add to the WSGI environment (never the Authorization header). */
  env: Record<string, string>;
}

export const ANONYMOUS: Caller = { authenticated: true, fqans: [], productionRole: false, env: {} };
