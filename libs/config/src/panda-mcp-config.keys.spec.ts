import { defaultPandaMcpConfig } from './panda-mcp-config.defaults';
import { PANDA_MCP_CONFIG_KEYS, configKeyOf, isKnownConfigKey } from './panda-mcp-config.keys';

describe('PANDA_MCP_CONFIG_KEYS', () => {
  const sut = PANDA_MCP_CONFIG_KEYS;

  it('has one setting for every property of PandaMcpConfig', () => {
    expect(sut.map((k) => k.prop).sort()).toEqual(Object.keys(defaultPandaMcpConfig()).sort());
  });

  it('uses every file key and environment variable once', () => {
    const keys = sut.map((k) => k.key);
    const env = sut.flatMap((k) => k.env);

    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(env).size).toBe(env.length);
  });
});

describe(configKeyOf.name, () => {
  const sut = configKeyOf;

  it('finds the setting of a property', () => {
    expect(sut('pandaApiUrl')).toEqual({
      key: 'panda_api_url',
      prop: 'pandaApiUrl',
      env: ['PANDA_API_URL_SSL', 'PANDA_API_URL'],
      kind: 'url',
    });
  });
});

describe(isKnownConfigKey.name, () => {
  const sut = isKnownConfigKey;

  it.each([
    ['verify_host', true],
    ['verifyUpstreamTls', false],
    ['trasnport', false],
  ])('%s: %s', (key, known) => {
    expect(sut(key)).toBe(known);
  });
});
