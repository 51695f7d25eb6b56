import { decodeJwt } from '../identity/jwt.util';
import { ClockDouble, clockDouble, signingKeyDouble, simConfigDouble } from '../testing/sim-test.doubles';
import { DEVICE_CODE_GRANT, OidcProviderService, TokenSet } from './oidc-provider.service';

const BASE = 'http://127.0.0.1:9';

describe(OidcProviderService.name, () => {
  const key = signingKeyDouble();
  const config = simConfigDouble({
    deviceIntervalSeconds: 5,
    deviceCodeTtlSeconds: 600,
    tokenTtlSeconds: 900,
  });
  let time: ClockDouble;
  let sut: OidcProviderService;

  beforeEach(() => {
    time = clockDouble();
    sut = new OidcProviderService(config, key, time.clock);
  });

  function start() {
    const answer = sut.startDeviceAuthorization(config.clientId, undefined, BASE);
    if ('error' in answer) throw new Error(answer.error);
    return answer;
  }

  const poll = (deviceCode: string) =>
    sut.token({ grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: config.clientId });

  it('publishes discovery and the signing key', () => {
    expect(sut.discovery(BASE)).toMatchObject({
      issuer: config.issuer,
      jwks_uri: `${BASE}/oidc/jwks`,
      device_authorization_endpoint: `${BASE}/oidc/device/code`,
      token_endpoint: `${BASE}/oidc/token`,
    });
    expect(sut.jwks().keys).toEqual([key.publicJwk]);
    expect(sut.authConfig('atlas', BASE)).toMatchObject({
      client_id: config.clientId,
      audience: config.clientId,
      oidc_config_url: `${BASE}/.well-known/openid-configuration`,
    });
    expect(sut.authConfig('cms', BASE)).toBeUndefined();
  });

  it('runs the device flow: pending, slow_down, approval, tokens once', () => {
    const grant = start();
    expect(grant.verification_uri_complete).toBe(`${BASE}/oidc/device?user_code=${grant.user_code}`);
    expect(poll(grant.device_code)).toMatchObject({ error: 'authorization_pending' });
    expect(poll(grant.device_code)).toMatchObject({ error: 'slow_down' });
    expect(sut.decide(grant.user_code, 'alice', false).ok).toBe(true);
    time.advance(10_000);
    const tokens = poll(grant.device_code) as TokenSet;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(decodeJwt(tokens.id_token).payload).toMatchObject({
      iss: config.issuer,
      aud: config.clientId,
      preferred_username: 'alice',
      groups: ['atlas'],
    });
    time.advance(10_000);
    expect(poll(grant.device_code)).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers access_denied and expired_token', () => {
    const denied = start();
    sut.decide(denied.user_code, undefined, true);
    expect(poll(denied.device_code)).toMatchObject({ error: 'access_denied' });
    const late = start();
    time.advance(601_000);
    expect(poll(late.device_code)).toMatchObject({ error: 'expired_token' });
  });

  it('refreshes with rotation: a refresh token works once', () => {
    const grant = start();
    sut.decide(grant.user_code, 'carol', false);
    const first = poll(grant.device_code) as TokenSet;
    const second = sut.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }) as TokenSet;
    expect(decodeJwt(second.id_token).payload.preferred_username).toBe('carol');
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(sut.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses an unknown client', () => {
    expect(sut.startDeviceAuthorization('other', undefined, BASE)).toMatchObject({
      status: 401,
      error: 'invalid_client',
    });
  });
});
