import type { TokenRefresher } from './credentials.provider';
import type { OidcClient } from './oidc.client';
import type { OidcProviderLookup } from './oidc-provider.resolver';
import type { TokenResponse } from './token.store';

/** Refreshes at the provider PanDA names for the VO; looked up on the first refresh, then kept. */
export class OidcTokenRefresher implements TokenRefresher {
  private client?: Promise<OidcClient>;

  constructor(
    private readonly provider: OidcProviderLookup,
    private readonly pandaUrl: string,
    private readonly vo: string,
  ) {}

  async refresh(refreshToken: string): Promise<TokenResponse> {
    this.client ??= this.provider.resolve(this.pandaUrl, this.vo).then((resolved) => resolved.client);
    // a failed lookup (network down) is retried next time
    const client = await this.client.catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return client.refresh(refreshToken);
  }
}
