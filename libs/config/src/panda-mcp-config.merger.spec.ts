import { ConfigFileSection } from './config-sources.reader';
import { defaultPandaMcpConfig } from './panda-mcp-config.defaults';
import { MergedPandaMcpConfig, mergePandaMcpConfig } from './panda-mcp-config.merger';

const section = (label: string, values: Record<string, unknown>): ConfigFileSection => ({
  label,
  describe: (key) => `${label} ${key}`,
  values,
});

interface Setup {
  env?: Record<string, string>;
  json?: Record<string, unknown>;
  ini?: Record<string, string>;
}

describe(mergePandaMcpConfig.name, () => {
  const sut = mergePandaMcpConfig;

  function merge({ env = {}, json, ini }: Setup = {}): MergedPandaMcpConfig {
    const sections = [json && section('json', json), ini && section('ini', ini)].filter(
      (s): s is ConfigFileSection => s !== undefined,
    );
    return sut({ envValue: (name) => env[name], sections }, defaultPandaMcpConfig());
  }

  describe('precedence: env > panda_server_config.json > panda_server.cfg > default', () => {
    const cases = [
      {
        key: 'transport',
        prop: 'transport',
        env: { PANDA_MCP_TRANSPORT: 'streamable-http' },
        json: { transport: 'sse' },
        ini: { transport: 'streamable-http' },
        values: { ini: 'streamable-http', json: 'sse', env: 'streamable-http' },
      },
      {
        key: 'port',
        prop: 'port',
        env: { PANDA_SERVER_CONF_PORT_MCP: '3000' },
        json: { port: 2000 },
        ini: { port: '1000' },
        values: { ini: 1000, json: 2000, env: 3000 },
      },
      {
        key: 'allowed_vos',
        prop: 'allowedVos',
        env: { PANDA_MCP_ALLOWED_VOS: 'env-vo' },
        json: { allowed_vos: ['json-vo1', 'json-vo2'] },
        ini: { allowed_vos: 'ini-vo1, ini-vo2' },
        values: { ini: ['ini-vo1', 'ini-vo2'], json: ['json-vo1', 'json-vo2'], env: ['env-vo'] },
      },
      {
        key: 'max_sessions',
        prop: 'maxSessions',
        env: { PANDA_MCP_MAX_SESSIONS: '30' },
        json: { max_sessions: '20' },
        ini: { max_sessions: '10' },
        values: { ini: 10, json: 20, env: 30 },
      },
    ] as const;

    it.each(cases)('$key: the default when nothing sets it', ({ prop }) => {
      const merged = merge();

      expect(merged.values[prop]).toEqual(defaultPandaMcpConfig()[prop]);
      expect(merged.originOf(prop).source).toBe('default');
      expect(merged.isSet(prop)).toBe(false);
    });

    it.each(cases)('$key: the INI value beats the default', ({ key, prop, ini, values }) => {
      const merged = merge({ ini });

      expect(merged.values[prop]).toEqual(values.ini);
      expect(merged.originOf(prop).source).toBe(`ini ${key}`);
    });

    it.each(cases)('$key: the JSON value beats the INI value', ({ key, prop, ini, json, values }) => {
      const merged = merge({ ini, json });

      expect(merged.values[prop]).toEqual(values.json);
      expect(merged.originOf(prop).source).toBe(`json ${key}`);
    });

    it.each(cases)(
      '$key: the environment beats the JSON and INI values',
      ({ prop, ini, json, env, values }) => {
        const merged = merge({ ini, json, env });

        expect(merged.values[prop]).toEqual(values.env);
        expect(merged.originOf(prop).source).toBe(`env ${Object.keys(env)[0]}`);
      },
    );

    it('mixes sources key by key', () => {
      const { values } = merge({
        env: { PANDA_MCP_TRANSPORT: 'sse' },
        json: { port: 4000 },
        ini: { allowed_vos: 'atlas', transport: 'streamable-http', port: '1' },
      });

      expect(values).toMatchObject({ transport: 'sse', port: 4000, allowedVos: ['atlas'] });
    });

    it('lets PANDA_API_URL_SSL beat PANDA_API_URL, and both beat the files', () => {
      const json = { panda_api_url: 'https://json.example/api/v1' };
      const both = merge({
        json,
        env: { PANDA_API_URL_SSL: 'https://ssl.example', PANDA_API_URL: 'http://plain.example' },
      });
      const plainOnly = merge({ json, env: { PANDA_API_URL: 'http://127.0.0.1:25080/server/panda' } });

      expect(both.values.pandaApiUrl).toBe('https://ssl.example/api/v1');
      expect(plainOnly.values.pandaApiUrl).toBe('http://127.0.0.1:25080/server/panda');
      expect(plainOnly.originOf('pandaApiUrl').source).toBe('env PANDA_API_URL');
    });

    it('skips file values that are null or blank', () => {
      const { values } = merge({ json: { port: null, host: ' ' }, ini: { port: '1', host: 'h' } });

      expect(values).toMatchObject({ port: 1, host: 'h' });
    });
  });

  describe('problems', () => {
    it('reports values that cannot be converted, with their source, in key order', () => {
      const merged = merge({
        env: { PANDA_MCP_STRICT_ENDPOINTS: 'maybe' },
        json: { allowed_vos: ['atlas', 7] },
        ini: { transport: 'sse', port: 'eighty' },
      });

      expect(merged.problemsInKeyOrder()).toEqual([
        'port: must be an integer; got "eighty" from ini port',
        'strict_endpoints: must be a boolean (true/false, yes/no, on/off or 1/0); got "maybe" from env PANDA_MCP_STRICT_ENDPOINTS',
        'allowed_vos: must be a list of VO names separated by commas or whitespace, or a JSON array of strings; got "["atlas",7]" from json allowed_vos',
      ]);
      expect(merged.hasFailed('port')).toBe(true);
      expect(merged.usable('transport')).toBe('sse');
      expect(merged.values.port).toBe(defaultPandaMcpConfig().port);
    });

    it('reports credentials in panda_api_url without showing them', () => {
      const merged = merge({ env: { PANDA_API_URL_SSL: 'https://user:s3cret@panda.example.org/api/v1' } });

      expect(merged.problemsInKeyOrder()).toEqual([
        'panda_api_url: must not contain credentials; got "https://***@panda.example.org/api/v1" from env PANDA_API_URL_SSL',
      ]);
    });
  });
});

describe(MergedPandaMcpConfig.name, () => {
  let sut: MergedPandaMcpConfig;

  beforeEach(() => {
    sut = new MergedPandaMcpConfig(defaultPandaMcpConfig());
    sut.setOrigin('caDir', { source: 'env X509_CERT_DIR', raw: '/ca' });
    sut.setOrigin('port', { source: 'env PANDA_SERVER_CONF_PORT_MCP', raw: 'x' });
    sut.values.caDir = '/ca';
  });

  it('lists problems by key order, keeping the order of reports for one key', () => {
    sut.report('caDir', 'first');
    sut.report('port', 'second');
    sut.report('caDir', 'third');

    expect(sut.problemsInKeyOrder().map((p) => p.split(';')[0])).toEqual([
      'port: second',
      'ca_dir: first',
      'ca_dir: third',
    ]);
  });

  it('holds back the value of a key with a problem', () => {
    expect(sut.usable('caDir')).toBe('/ca');

    sut.report('caDir', 'is bad');

    expect(sut.usable('caDir')).toBeUndefined();
    expect(sut.hasFailed('caDir')).toBe(true);
  });
});
