import { Inject, Injectable } from '@nestjs/common';
import * as crypto from 'node:crypto';
import { Clock, SIGNING_KEY, SIM_CLOCK } from '../auth/token-verifier.service';
import { SIM_CONFIG, SIM_VO, SimConfig } from '../config/sim.config';
import { IdTokenSigner } from '../identity/id-token.signer';
import { SigningKey } from '../identity/signing-key.store';
import { findSimUser, SimUser } from '../identity/sim-users.data';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

export interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** An OAuth error answer (RFC 6749 section 5.2, RFC 8628 section 3.5). */
export interface OAuthError {
  status: number;
  error: string;
  error_description: string;
}

interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  scope: string;
  expiresAt: number;
  interval: number;
  lastPollAt?: number;
  state: 'pending' | 'approved' | 'denied';
  username?: string;
}

interface RefreshGrant {
  username: string;
  scope: string;
  expiresAt: number;
}

/**
 * The sim's identity provider, shaped like the IAM that PanDA users log in with: discovery, JWKS,
 * the device authorization grant (RFC 8628) and refresh tokens. There are no passwords: in the
 * demo and in tests, opening verification_uri_complete with `&user=<name>` approves the code.
 */
@Injectable()
export class OidcProviderService {
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimConfig,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
    @Inject(SIM_CLOCK) private readonly clock: Clock,
  ) {}

  /** Built per use: the issuer is the server's base URL, known only once it listens. */
  private get signer(): IdTokenSigner {
    return new IdTokenSigner(this.key, this.config.issuer, this.config.clientId);
  }

  discovery(baseUrl: string): Record<string, unknown> {
    return {
      issuer: this.config.issuer,
      jwks_uri: `${baseUrl}/oidc/jwks`,
      device_authorization_endpoint: `${baseUrl}/oidc/device/code`,
      token_endpoint: `${baseUrl}/oidc/token`,
      grant_types_supported: [DEVICE_CODE_GRANT, 'refresh_token'],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'name', 'preferred_username', 'email', 'groups'],
    };
  }

  jwks(): { keys: unknown[] } {
    return { keys: [this.key.publicJwk] };
  }

  /** `/auth/<vo>_auth_config.json`, the file PanDA serves to tell clients where to log in. */
  authConfig(vo: string, baseUrl: string): Record<string, unknown> | undefined {
    if (vo !== SIM_VO) return undefined;
    return {
      client_id: this.config.clientId,
      client_secret: '',
      audience: this.config.clientId,
      oidc_config_url: `${baseUrl}/.well-known/openid-configuration`,
      vo: SIM_VO,
    };
  }

  startDeviceAuthorization(clientId: string | undefined, scope: string | undefined, baseUrl: string) {
    if (clientId !== this.config.clientId) return this.clientError();
    const now = this.clock();
    const deviceCode = crypto.randomBytes(32).toString('base64url');
    const userCode = [0, 1]
      .map(() =>
        Array.from(crypto.randomBytes(4), (b) => USER_CODE_ALPHABET[b % USER_CODE_ALPHABET.length]).join(''),
      )
      .join('-');
    this.devices.set(deviceCode, {
      deviceCode,
      userCode,
      scope: scope?.trim() || 'openid profile email offline_access',
      expiresAt: now + this.config.deviceCodeTtlSeconds * 1000,
      interval: this.config.deviceIntervalSeconds,
      state: 'pending',
    });
    const verificationUri = `${baseUrl}/oidc/device`;
    return {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${userCode}`,
      expires_in: this.config.deviceCodeTtlSeconds,
      interval: this.config.deviceIntervalSeconds,
    };
  }

  /** The person at verification_uri: approves (or denies) a user code for a known user. */
  decide(userCode: string, username: string | undefined, deny: boolean): { ok: boolean; message: string } {
    const grant = [...this.devices.values()].find((g) => g.userCode === userCode.trim().toUpperCase());
    if (!grant) return { ok: false, message: `unknown user code ${userCode}` };
    if (grant.expiresAt <= this.clock()) return { ok: false, message: 'this code has expired' };
    if (grant.state !== 'pending') return { ok: false, message: `this code was already ${grant.state}` };
    if (deny) {
      grant.state = 'denied';
      return { ok: true, message: `access denied for code ${grant.userCode}` };
    }
    const user = username ? findSimUser(username) : undefined;
    if (!user) return { ok: false, message: `unknown user ${username ?? '(none)'}` };
    grant.state = 'approved';
    grant.username = user.username;
    return { ok: true, message: `signed in as ${user.username}; the device may now fetch its tokens` };
  }

  /** The token endpoint: device_code and refresh_token grants. */
  token(form: Record<string, string>): TokenSet | OAuthError {
    if (form.client_id !== undefined && form.client_id !== this.config.clientId) return this.clientError();
    if (form.grant_type === DEVICE_CODE_GRANT) return this.pollDevice(form.device_code);
    if (form.grant_type === 'refresh_token') return this.refresh(form.refresh_token);
    return {
      status: 400,
      error: 'unsupported_grant_type',
      error_description: `grant_type must be ${DEVICE_CODE_GRANT} or refresh_token`,
    };
  }

  private pollDevice(deviceCode: string | undefined): TokenSet | OAuthError {
    const grant = deviceCode ? this.devices.get(deviceCode) : undefined;
    if (!grant)
      return {
        status: 400,
        error: 'invalid_grant',
        error_description: 'unknown or already used device_code',
      };
    const now = this.clock();
    if (grant.expiresAt <= now) {
      this.devices.delete(grant.deviceCode);
      return { status: 400, error: 'expired_token', error_description: 'the device_code has expired' };
    }
    const tooSoon = grant.lastPollAt !== undefined && now - grant.lastPollAt < grant.interval * 1000;
    grant.lastPollAt = now;
    if (tooSoon) {
      grant.interval += 5;
      return {
        status: 400,
        error: 'slow_down',
        error_description: `polling too fast; wait ${grant.interval} s between requests`,
      };
    }
    if (grant.state === 'denied') {
      this.devices.delete(grant.deviceCode);
      return { status: 400, error: 'access_denied', error_description: 'the user denied the request' };
    }
    if (grant.state === 'pending' || !grant.username) {
      return {
        status: 400,
        error: 'authorization_pending',
        error_description: 'the user has not approved yet',
      };
    }
    this.devices.delete(grant.deviceCode);
    return this.issue(findSimUser(grant.username) as SimUser, grant.scope);
  }

  private refresh(refreshToken: string | undefined): TokenSet | OAuthError {
    const grant = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (!grant || grant.expiresAt <= this.clock()) {
      if (refreshToken) this.refreshTokens.delete(refreshToken);
      return {
        status: 400,
        error: 'invalid_grant',
        error_description: 'unknown, used or expired refresh_token',
      };
    }
    // refresh tokens rotate: the one just used is spent
    this.refreshTokens.delete(refreshToken as string);
    return this.issue(findSimUser(grant.username) as SimUser, grant.scope);
  }

  private issue(user: SimUser, scope: string): TokenSet {
    const now = this.clock();
    const seconds = Math.floor(now / 1000);
    const refreshToken = crypto.randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, {
      username: user.username,
      scope,
      expiresAt: now + REFRESH_TOKEN_TTL_MS,
    });
    return {
      access_token: this.signer.accessToken(user, this.config.tokenTtlSeconds, scope, seconds),
      id_token: this.signer.idToken(user, this.config.tokenTtlSeconds, seconds),
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: this.config.tokenTtlSeconds,
      scope,
    };
  }

  private clientError(): OAuthError {
    return {
      status: 401,
      error: 'invalid_client',
      error_description: `unknown client; use ${this.config.clientId}`,
    };
  }
}
