import type { HttpFetch } from './http-fetch.factory';
import type { TokenResponse } from './token.store';

/** `<panda-url>/auth/<vo>_auth_config.json`: where PanDA tells its clients to log in. */
export interface PandaAuthConfig {
  client_id: string;
  client_secret?: string;
  audience?: string;
  oidc_config_url: string;
  vo?: string;
}

/** A device authorization (RFC 8628 section 3.2) as the person needs to see it. */
export interface DeviceCodeGrant {
  verificationUri: string;
  verificationUriComplete?: string;
  userCode: string;
  expiresIn: number;
  interval: number;
  /** The library's own record of the grant, handed back for polling. */
  handle: unknown;
}

/** The identity provider said no: `error` is the OAuth error code (access_denied, expired_token, invalid_grant, ...). */
export class OidcRefusedError extends Error {
  constructor(
    readonly error: string,
    readonly description?: string,
  ) {
    super(description ? `${error}: ${description}` : error);
    this.name = 'OidcRefusedError';
  }
}

/** One discovered OIDC provider and our client registration there. */
export interface OidcClient {
  /** Endpoints this client will call, so that the caller can check where tokens go. */
  endpoints(): URL[];
  startDeviceAuthorization(parameters: Record<string, string>): Promise<DeviceCodeGrant>;
  /**
   * Polls the token endpoint at the grant's interval (5 s more after each slow_down) until the person
   * approves (tokens), denies or the code expires (OidcRefusedError).
   */
  waitForDeviceApproval(grant: DeviceCodeGrant, signal?: AbortSignal): Promise<TokenResponse>;
  refresh(refreshToken: string): Promise<TokenResponse>;
}

export interface OidcClientOptions {
  clientId: string;
  clientSecret?: string;
  /** Plain-http provider URLs; the caller allows it for loopback providers only. */
  allowInsecureRequests: boolean;
  fetch: HttpFetch;
}

/** Discovers a provider from its configuration URL (PanDA's `oidc_config_url`). */
export interface OidcClientFactory {
  discover(configurationUrl: URL, options: OidcClientOptions): Promise<OidcClient>;
}
