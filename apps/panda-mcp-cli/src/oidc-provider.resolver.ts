import { CliError, describeFetchError } from './cli.errors';
import type { HttpFetch } from './http-fetch.factory';
import { OidcClient, OidcClientFactory, PandaAuthConfig } from './oidc.client';
import { assertSecureOrLoopback, isLoopbackUrl } from './url-security.util';

export interface ResolvedProvider {
  authConfig: PandaAuthConfig;
  client: OidcClient;
}

/** Finds where a PanDA server's users log in: `<panda-url>/auth/<vo>_auth_config.json`, then OIDC discovery. */
export interface OidcProviderLookup {
  resolve(pandaUrl: string, vo: string): Promise<ResolvedProvider>;
}

const AUTH_CONFIG_TIMEOUT_MS = 30_000;

function authConfigUrl(pandaUrl: string, vo: string): URL {
  let base: URL;
  try {
    base = new URL(pandaUrl.endsWith('/') ? pandaUrl : `${pandaUrl}/`);
  } catch {
    throw new CliError(`--panda-url is not a URL: ${pandaUrl}`);
  }
  if (!/^[A-Za-z0-9._-]+$/.test(vo)) throw new CliError(`--vo "${vo}" is not a VO name`);
  return new URL(`auth/${vo}_auth_config.json`, base);
}

function parseAuthConfig(body: unknown, where: URL): PandaAuthConfig {
  const config = body as Partial<PandaAuthConfig> | null;
  if (!config || typeof config.client_id !== 'string' || typeof config.oidc_config_url !== 'string') {
    throw new CliError(`${where.href} does not look like a PanDA auth config (client_id, oidc_config_url)`);
  }
  return config as PandaAuthConfig;
}

/** PanDA's own lookup, as its Python client does it, with the transport rules of this CLI. */
export class OidcProviderResolver implements OidcProviderLookup {
  constructor(
    private readonly fetch: HttpFetch,
    private readonly factory: OidcClientFactory,
  ) {}

  async resolve(pandaUrl: string, vo: string): Promise<ResolvedProvider> {
    const where = authConfigUrl(pandaUrl, vo);
    assertSecureOrLoopback(where, 'PanDA server');
    let response: Response;
    try {
      response = await this.fetch(where, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(AUTH_CONFIG_TIMEOUT_MS),
      });
    } catch (error) {
      throw new CliError(`cannot reach PanDA at ${where.origin}: ${describeFetchError(error)}`);
    }
    if (response.status === 404) {
      throw new CliError(
        `PanDA at ${where.origin} has no login configuration for VO "${vo}" (${where.href})`,
      );
    }
    if (!response.ok) throw new CliError(`${where.href} answered HTTP ${response.status}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new CliError(`${where.href} did not answer JSON`);
    }
    const authConfig = parseAuthConfig(body, where);

    let discoveryUrl: URL;
    try {
      discoveryUrl = new URL(authConfig.oidc_config_url);
    } catch {
      throw new CliError(`the auth config of VO "${vo}" has no valid oidc_config_url`);
    }
    assertSecureOrLoopback(discoveryUrl, 'identity provider');
    let client: OidcClient;
    try {
      client = await this.factory.discover(discoveryUrl, {
        clientId: authConfig.client_id,
        clientSecret: authConfig.client_secret || undefined,
        allowInsecureRequests: discoveryUrl.protocol === 'http:' && isLoopbackUrl(discoveryUrl),
        fetch: this.fetch,
      });
    } catch (error) {
      throw new CliError(`OIDC discovery at ${discoveryUrl.href} failed: ${describeFetchError(error)}`);
    }
    // a loopback discovery document must not send tokens anywhere else over plain http
    for (const endpoint of client.endpoints()) assertSecureOrLoopback(endpoint, 'identity provider endpoint');
    return { authConfig, client };
  }
}
