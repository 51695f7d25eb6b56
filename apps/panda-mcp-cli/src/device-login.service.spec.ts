import { CliError } from './cli.errors';
import { DeviceLoginService, LOGIN_SCOPE } from './device-login.service';
import { OidcRefusedError } from './oidc.client';
import type { OidcProviderLookup } from './oidc-provider.resolver';
import { clockDouble, jwtWith, OidcClientDouble } from './testing/cli-test.doubles';
import { MemoryTokenStore } from './token.store';

describe(DeviceLoginService.name, () => {
  let client: OidcClientDouble;
  let store: MemoryTokenStore;
  let printed: string[];
  let sut: DeviceLoginService;
  const clock = clockDouble(1_800_000_000);

  beforeEach(() => {
    client = new OidcClientDouble();
    store = new MemoryTokenStore();
    printed = [];
    const provider: OidcProviderLookup = {
      resolve: async () => ({
        authConfig: {
          client_id: 'c',
          oidc_config_url: 'https://iam.example/x',
          audience: 'https://panda.example',
        },
        client,
      }),
    };
    sut = new DeviceLoginService({ provider, store, print: (line) => printed.push(line), now: clock.now });
  });

  it("asks for PanDA's scopes and audience, prints the link and code, and saves the tokens", async () => {
    client.approval = {
      id_token: jwtWith({ preferred_username: 'alice', exp: 1_800_000_000 + 900 }),
      refresh_token: 'rt-secret-value',
      expires_in: 900,
    };
    const stored = await sut.login({ pandaUrl: 'https://panda.example', vo: 'atlas' });
    expect(client.deviceRequests).toEqual([{ scope: LOGIN_SCOPE, audience: 'https://panda.example' }]);
    expect(stored.expires_at).toBe(1_800_000_000 + 900);
    expect(store.read()).toEqual(stored);
    const text = printed.join('\n');
    expect(text).toContain('  https://iam.example/device?user_code=ABCD-EFGH');
    expect(text).toContain('enter the code ABCD-EFGH');
    expect(text).toContain('expires in 10 minutes');
    expect(text).toContain('Logged in as alice. Token saved to (memory)');
    expect(text).not.toContain(stored.id_token as string);
    expect(text).not.toContain('rt-secret-value');
  });

  it.each([
    ['access_denied', 'the login was denied'],
    ['expired_token', 'the code expired before it was approved'],
    ['invalid_client', 'the identity provider refused the login (invalid_client)'],
  ])('explains %s and saves nothing', async (code, message) => {
    client.approval = new OidcRefusedError(code);
    await expect(sut.login({ pandaUrl: 'https://panda.example', vo: 'atlas' })).rejects.toThrow(message);
    expect(store.read()).toBeUndefined();
  });

  it("names the person from the ID token's claims, and nobody when it has none", async () => {
    client.approval = { id_token: jwtWith({ name: 'Alice Smith' }), expires_in: 900 };
    await sut.login({ pandaUrl: 'https://panda.example', vo: 'atlas' });
    expect(printed.join('\n')).toContain('Logged in as Alice Smith. Token saved');
    printed = [];
    client.approval = { access_token: 'opaque-access-token', expires_in: 900 };
    await sut.login({ pandaUrl: 'https://panda.example', vo: 'atlas' });
    expect(printed.join('\n')).toContain('Logged in. Token saved to (memory)');
  });

  it('refuses an answer without a token', async () => {
    client.approval = { token_type: 'Bearer' };
    await expect(sut.login({ pandaUrl: 'https://panda.example', vo: 'atlas' })).rejects.toThrow(CliError);
  });
});
