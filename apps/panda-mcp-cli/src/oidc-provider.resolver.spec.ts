import { CliError } from './cli.errors';
import { OidcProviderResolver } from './oidc-provider.resolver';
import { fetchDouble, OidcFactoryDouble } from './testing/cli-test.doubles';
import { assertSecureOrLoopback, isLoopbackUrl } from './url-security.util';

const authConfig = (oidcConfigUrl: string) => ({
  client_id: 'panda-client',
  client_secret: '',
  audience: 'https://pandaserver.cern.ch',
  oidc_config_url: oidcConfigUrl,
  vo: 'atlas',
});

describe(OidcProviderResolver.name, () => {
  it("reads PanDA's auth config for the VO and discovers its provider over https", async () => {
    const fetch = fetchDouble({
      'https://pandaserver.cern.ch:25443/auth/atlas_auth_config.json': [
        200,
        authConfig('https://atlas-auth.example/.well-known/openid-configuration'),
      ],
    });
    const factory = new OidcFactoryDouble();
    const sut = new OidcProviderResolver(fetch, factory);
    const resolved = await sut.resolve('https://pandaserver.cern.ch:25443', 'atlas');
    expect(resolved.authConfig.client_id).toBe('panda-client');
    expect(factory.discovered).toEqual([
      {
        url: 'https://atlas-auth.example/.well-known/openid-configuration',
        options: expect.objectContaining({
          clientId: 'panda-client',
          clientSecret: undefined,
          allowInsecureRequests: false,
        }),
      },
    ]);
  });

  it('allows plain http for a loopback provider only (panda-sim in tests)', async () => {
    const sim = 'http://127.0.0.1:25080';
    const factory = new OidcFactoryDouble();
    factory.client.endpointList = [new URL(`${sim}/oidc/token`)];
    const fetch = fetchDouble({
      [`${sim}/auth/atlas_auth_config.json`]: [200, authConfig(`${sim}/.well-known/openid-configuration`)],
    });
    await new OidcProviderResolver(fetch, factory).resolve(sim, 'atlas');
    expect(factory.discovered[0].options.allowInsecureRequests).toBe(true);
  });

  it('refuses a plain-http PanDA server or provider that is not this machine', async () => {
    const factory = new OidcFactoryDouble();
    const sut = new OidcProviderResolver(fetchDouble({}), factory);
    await expect(sut.resolve('http://pandaserver.cern.ch', 'atlas')).rejects.toThrow(
      /refusing http for the PanDA server/,
    );

    const fetch = fetchDouble({
      'https://panda.example/auth/atlas_auth_config.json': [
        200,
        authConfig('http://iam.example/.well-known/openid-configuration'),
      ],
    });
    await expect(
      new OidcProviderResolver(fetch, factory).resolve('https://panda.example', 'atlas'),
    ).rejects.toThrow(/refusing http for the identity provider/);
    expect(factory.discovered).toEqual([]);
  });

  it('refuses a loopback discovery document that sends tokens elsewhere over http', async () => {
    const sim = 'http://127.0.0.1:25080';
    const factory = new OidcFactoryDouble();
    factory.client.endpointList = [new URL('http://elsewhere.example/token')];
    const fetch = fetchDouble({
      [`${sim}/auth/atlas_auth_config.json`]: [200, authConfig(`${sim}/.well-known/openid-configuration`)],
    });
    await expect(new OidcProviderResolver(fetch, factory).resolve(sim, 'atlas')).rejects.toThrow(/endpoint/);
  });

  it('explains an unknown VO, a broken config and an unreachable server', async () => {
    const fetch = fetchDouble({
      'https://panda.example/auth/cms_auth_config.json': [404, {}],
      'https://panda.example/auth/lsst_auth_config.json': [200, { hello: 'world' }],
    });
    const sut = new OidcProviderResolver(fetch, new OidcFactoryDouble());
    await expect(sut.resolve('https://panda.example', 'cms')).rejects.toThrow(
      'no login configuration for VO "cms"',
    );
    await expect(sut.resolve('https://panda.example', 'lsst')).rejects.toThrow(
      'does not look like a PanDA auth config',
    );
    await expect(sut.resolve('https://down.example', 'atlas')).rejects.toThrow(
      'cannot reach PanDA at https://down.example: fetch failed: ECONNREFUSED',
    );
    await expect(sut.resolve('https://panda.example', '../x')).rejects.toThrow(CliError);
  });
});

describe(isLoopbackUrl.name, () => {
  it.each([
    'http://localhost:1',
    'http://127.0.0.1:1',
    'http://127.1.2.3/',
    'http://[::1]:8080/',
    'http://a.localhost/',
  ])('%s is loopback', (url) => expect(isLoopbackUrl(new URL(url))).toBe(true));

  it.each(['http://10.0.0.1/', 'http://pandaserver.cern.ch/', 'http://127.example.org/', 'http://[::2]/'])(
    '%s is not',
    (url) => expect(isLoopbackUrl(new URL(url))).toBe(false),
  );

  it('lets https through anywhere and http only to loopback', () => {
    expect(() => assertSecureOrLoopback(new URL('https://example.org/'), 'x')).not.toThrow();
    expect(() => assertSecureOrLoopback(new URL('http://localhost/'), 'x')).not.toThrow();
    expect(() => assertSecureOrLoopback(new URL('http://example.org/'), 'x')).toThrow(CliError);
  });
});
