import type { HttpFetch } from './http-fetch.factory';
import {
  DeviceCodeGrant,
  OidcClient,
  OidcClientFactory,
  OidcClientOptions,
  OidcRefusedError,
} from './oidc.client';
import type { TokenResponse } from './token.store';

type OpenIdClientModule = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });
type Configuration = InstanceType<OpenIdClientModule['Configuration']>;
type DeviceAuthorizationResponse = Awaited<ReturnType<OpenIdClientModule['initiateDeviceAuthorization']>>;

let loaded: Promise<OpenIdClientModule> | undefined;

/**
 * openid-client v6 is ESM-only. This file compiles to CommonJS, where TypeScript (module node16) keeps
 * `import()` as a real dynamic import, which Node loads natively. Loaded on first use only.
 */
function loadOpenIdClient(): Promise<OpenIdClientModule> {
  loaded ??= import('openid-client');
  return loaded;
}

/** The library's token response carries helper methods; keep the JSON fields only. */
function plainTokens(response: object): TokenResponse {
  return JSON.parse(JSON.stringify(response)) as TokenResponse;
}

function translate(lib: OpenIdClientModule, error: unknown): unknown {
  if (error instanceof lib.ResponseBodyError)
    return new OidcRefusedError(error.error, error.error_description);
  const name = (error as { name?: string } | null)?.name;
  // pollDeviceAuthorizationGrant gives up with the polling signal at the code's expires_in
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new OidcRefusedError('expired_token', 'the code expired before it was approved');
  }
  return error;
}

class OpenIdClient implements OidcClient {
  constructor(
    private readonly lib: OpenIdClientModule,
    private readonly config: Configuration,
  ) {}

  endpoints(): URL[] {
    const metadata = this.config.serverMetadata();
    return [metadata.device_authorization_endpoint, metadata.token_endpoint, metadata.jwks_uri]
      .filter((value): value is string => typeof value === 'string')
      .map((value) => new URL(value));
  }

  async startDeviceAuthorization(parameters: Record<string, string>): Promise<DeviceCodeGrant> {
    try {
      const answer = await this.lib.initiateDeviceAuthorization(this.config, parameters);
      return {
        verificationUri: answer.verification_uri,
        verificationUriComplete: answer.verification_uri_complete,
        userCode: answer.user_code,
        expiresIn: answer.expires_in,
        interval: answer.interval ?? 5,
        handle: answer,
      };
    } catch (error) {
      throw translate(this.lib, error);
    }
  }

  async waitForDeviceApproval(grant: DeviceCodeGrant, signal?: AbortSignal): Promise<TokenResponse> {
    try {
      const handle = grant.handle as DeviceAuthorizationResponse;
      return plainTokens(
        await this.lib.pollDeviceAuthorizationGrant(this.config, handle, undefined, { signal }),
      );
    } catch (error) {
      throw translate(this.lib, error);
    }
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    try {
      return plainTokens(await this.lib.refreshTokenGrant(this.config, refreshToken));
    } catch (error) {
      throw translate(this.lib, error);
    }
  }
}

/** OidcClientFactory over openid-client: discovery, then the device and refresh grants with ID token checks. */
export class OpenIdClientFactory implements OidcClientFactory {
  async discover(configurationUrl: URL, options: OidcClientOptions): Promise<OidcClient> {
    const lib = await loadOpenIdClient();
    const authentication = options.clientSecret ? lib.ClientSecretPost(options.clientSecret) : lib.None();
    const fetchFor: HttpFetch = options.fetch;
    try {
      const config = await lib.discovery(configurationUrl, options.clientId, undefined, authentication, {
        // plain http only where the caller decided it is safe (loopback)
        execute: options.allowInsecureRequests ? [lib.allowInsecureRequests] : [],
        [lib.customFetch]: (url, init) => fetchFor(url, init as RequestInit),
        timeout: 30,
      });
      return new OpenIdClient(lib, config);
    } catch (error) {
      throw translate(lib, error);
    }
  }
}
