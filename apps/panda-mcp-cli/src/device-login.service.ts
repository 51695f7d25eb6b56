import { decodeUnverifiedJwtPayload } from '@panda-mcp/common';
import { CliError } from './cli.errors';
import { OidcRefusedError } from './oidc.client';
import type { OidcProviderLookup } from './oidc-provider.resolver';
import { bearerOf, StoredTokens, TokenStore } from './token.store';

/** What PanDA's client asks for: an ID token with the user's groups, and a refresh token. */
export const LOGIN_SCOPE = 'openid profile email offline_access';

export interface LoginTarget {
  pandaUrl: string;
  vo: string;
}

export interface DeviceLoginDependencies {
  provider: OidcProviderLookup;
  store: TokenStore;
  /** Where the instructions for the person go. */
  print: (line: string) => void;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

/** Claims of the new ID token, for the closing line only (openid-client has verified it). */
function whoIs(idToken: string | undefined): string | undefined {
  const claims = decodeUnverifiedJwtPayload(idToken);
  const name = claims?.preferred_username ?? claims?.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * `panda-mcp login`: OIDC device authorization (RFC 8628) against the provider PanDA names for the VO.
 * Prints the link to open, waits while the library polls, and saves the token response.
 */
export class DeviceLoginService {
  private readonly now: () => number;

  constructor(private readonly deps: DeviceLoginDependencies) {
    this.now = deps.now ?? Date.now;
  }

  async login(target: LoginTarget, signal?: AbortSignal): Promise<StoredTokens> {
    const { authConfig, client } = await this.deps.provider.resolve(target.pandaUrl, target.vo);
    const parameters: Record<string, string> = { scope: LOGIN_SCOPE };
    if (authConfig.audience) parameters.audience = authConfig.audience;
    const grant = await client.startDeviceAuthorization(parameters).catch((error: unknown) => {
      if (error instanceof OidcRefusedError) {
        throw new CliError(`the identity provider refused the login request (${error.message})`);
      }
      throw error;
    });

    const minutes = Math.max(1, Math.round(grant.expiresIn / 60));
    const print = this.deps.print;
    print(`To log in to PanDA (VO ${target.vo}), open this link in a browser and approve the request:`);
    print('');
    print(`  ${grant.verificationUriComplete ?? grant.verificationUri}`);
    print('');
    print(
      grant.verificationUriComplete
        ? `(or open ${grant.verificationUri} and enter the code ${grant.userCode})`
        : `and enter the code ${grant.userCode}`,
    );
    print(`Waiting for approval; the code expires in ${minutes} minute${minutes === 1 ? '' : 's'}...`);

    let tokens;
    try {
      tokens = await client.waitForDeviceApproval(grant, signal);
    } catch (error) {
      if (error instanceof OidcRefusedError) {
        if (error.error === 'access_denied') throw new CliError('the login was denied');
        if (error.error === 'expired_token') {
          throw new CliError('the code expired before it was approved; run panda-mcp login again');
        }
        throw new CliError(`the identity provider refused the login (${error.message})`);
      }
      throw error;
    }
    if (!bearerOf(tokens)) throw new CliError('the identity provider answered without an ID token');
    const stored = this.deps.store.write(tokens, Math.floor(this.now() / 1000));
    const who = whoIs(stored.id_token);
    print(
      `Logged in${who ? ` as ${who}` : ''}. Token saved to ${this.deps.store.location} ` +
        `(valid until ${new Date(stored.expires_at * 1000).toISOString()}` +
        `${stored.refresh_token ? '; panda-mcp bridge refreshes it' : ''}).`,
    );
    return stored;
  }
}
