import { CliError, LoginRequiredError, messageOf } from './cli.errors';
import { OidcRefusedError } from './oidc.client';
import { bearerOf, StoredTokens, TokenResponse, TokenStore } from './token.store';

/** What to do with the saved tokens right now. */
export type RefreshDecision =
  | { action: 'use'; token: string }
  | { action: 'refresh'; refreshToken: string }
  | { action: 'login'; reason: string };

/**
 * Use the token while it has more than `marginSeconds` left; refresh it before that when there is a
 * refresh token; without one, keep using it until it expires, then ask for a login.
 */
export function refreshDecision(
  tokens: StoredTokens | undefined,
  nowSeconds: number,
  marginSeconds: number,
): RefreshDecision {
  const token = bearerOf(tokens);
  if (!tokens || !token) return { action: 'login', reason: 'no saved token' };
  if (tokens.expires_at - marginSeconds > nowSeconds) return { action: 'use', token };
  if (tokens.refresh_token) return { action: 'refresh', refreshToken: tokens.refresh_token };
  if (tokens.expires_at > nowSeconds) return { action: 'use', token };
  return {
    action: 'login',
    reason: 'the saved token has expired and cannot be refreshed (no refresh token)',
  };
}

/** Exchanges a refresh token at the identity provider. */
export interface TokenRefresher {
  refresh(refreshToken: string): Promise<TokenResponse>;
}

export interface CredentialsOptions {
  /** Refresh this many seconds before expiry. */
  marginSeconds: number;
  /** The command that renews the login, for messages. */
  loginCommand: string;
  /** Milliseconds since the epoch. */
  now?: () => number;
  log?: (level: 'info' | 'warn', message: string) => void;
}

/**
 * The PanDA token to send, from the token file, refreshed with the refresh token before it expires.
 * Refreshes are single-flight (concurrent requests share one), written back to the file (IdPs rotate
 * refresh tokens) and re-read from it first (another bridge or a new login may have renewed it).
 */
export class CredentialsProvider {
  private lastToken?: string;
  private refreshing?: Promise<string>;
  private readonly now: () => number;

  constructor(
    private readonly store: TokenStore,
    private readonly refresher: TokenRefresher | undefined,
    private readonly options: CredentialsOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The token most recently handed out, for requests made between messages (stream reconnects). */
  peek(): string | undefined {
    return this.lastToken;
  }

  /** A token good for at least the margin, refreshing when needed; LoginRequiredError when there is none. */
  async current(): Promise<string> {
    const tokens = this.read();
    const decision = refreshDecision(tokens, this.seconds(), this.options.marginSeconds);
    if (decision.action === 'use') return (this.lastToken = decision.token);
    if (decision.action === 'login') throw this.loginRequired(`${decision.reason} (${this.store.location})`);
    return this.refreshOnce(tokens as StoredTokens);
  }

  /**
   * After the server refused `failedToken`: refresh once. If the file already holds another token
   * (a concurrent refresh or a new login), that one is tried instead.
   */
  async forceRefresh(failedToken: string | undefined): Promise<string> {
    if (this.refreshing) return this.refreshing;
    const tokens = this.read();
    const token = bearerOf(tokens);
    if (tokens && token && token !== failedToken && tokens.expires_at > this.seconds()) {
      return (this.lastToken = token);
    }
    if (!tokens || !token) throw this.loginRequired(`no saved token (${this.store.location})`);
    if (!tokens.refresh_token) {
      throw this.loginRequired('the server refused the saved token and there is no refresh token');
    }
    return this.refreshOnce(tokens);
  }

  private refreshOnce(tokens: StoredTokens): Promise<string> {
    this.refreshing ??= this.refresh(tokens).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refresh(tokens: StoredTokens): Promise<string> {
    const refreshToken = tokens.refresh_token as string;
    if (!this.refresher)
      throw this.loginRequired('the token needs a refresh and no identity provider is set');
    try {
      const response = await this.refresher.refresh(refreshToken);
      // an IdP that does not rotate refresh tokens sends none back: keep the one we have
      const stored = this.store.write(
        { ...response, refresh_token: response.refresh_token ?? refreshToken },
        this.seconds(),
      );
      const token = bearerOf(stored);
      if (!token) throw this.loginRequired('the identity provider answered the refresh without a token');
      this.options.log?.(
        'info',
        `refreshed the PanDA token; valid until ${new Date(stored.expires_at * 1000).toISOString()}`,
      );
      return (this.lastToken = token);
    } catch (error) {
      if (error instanceof LoginRequiredError) throw error;
      // another process may have refreshed with the same (single-use) refresh token first
      const renewed = this.read();
      if (renewed && renewed.refresh_token !== refreshToken) {
        const decision = refreshDecision(renewed, this.seconds(), 0);
        if (decision.action === 'use') return (this.lastToken = decision.token);
      }
      if (error instanceof OidcRefusedError) {
        throw this.loginRequired(`the identity provider refused to refresh the token (${error.error})`);
      }
      // a network problem: a token that still works is better than none
      const token = bearerOf(tokens);
      if (token && tokens.expires_at > this.seconds()) {
        this.options.log?.(
          'warn',
          `could not refresh the PanDA token, using it while valid: ${messageOf(error)}`,
        );
        return (this.lastToken = token);
      }
      throw this.loginRequired(`the token expired and could not be refreshed: ${messageOf(error)}`);
    }
  }

  private read(): StoredTokens | undefined {
    try {
      return this.store.read();
    } catch (error) {
      if (error instanceof CliError) throw this.loginRequired(error.message);
      throw error;
    }
  }

  private loginRequired(reason: string): LoginRequiredError {
    this.lastToken = undefined;
    return new LoginRequiredError(reason, this.options.loginCommand);
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}
