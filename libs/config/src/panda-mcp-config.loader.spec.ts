import { ConfigValidationError } from './config-validation.error';
import { BUNDLED_API_SPEC } from './panda-mcp-config.defaults';
import { LoadedPandaMcpConfig, loadPandaMcpConfig } from './panda-mcp-config.loader';
import { resolveBundledPath } from './bundled-path';
import { InMemoryConfigFsContents, createInMemoryConfigFs } from './testing/in-memory-config-fs';

const JSON_PATH = '/opt/panda/etc/config_json/panda_server_config.json';
const CFG_PATH = '/opt/panda/etc/panda/panda_server.cfg';
const DEFAULT_ENDPOINTS = '/opt/panda/etc/panda/panda_mcp_endpoints.json';

interface Setup extends InMemoryConfigFsContents {
  env?: NodeJS.ProcessEnv;
  /** The `mcp` object of panda_server_config.json (the file is written only when given). */
  json?: Record<string, unknown>;
  /** Body of the `[mcp]` section of panda_server.cfg (the file is written only when given). */
  ini?: string;
}

describe(loadPandaMcpConfig.name, () => {
  const sut = loadPandaMcpConfig;

  function load(setup: Setup = {}): LoadedPandaMcpConfig {
    const files: Record<string, string> = { ...setup.files };
    if (setup.json !== undefined)
      files[JSON_PATH] = JSON.stringify({ server: { db_password: 'x' }, mcp: setup.json });
    if (setup.ini !== undefined) files[CFG_PATH] = `[server]\nfoo = bar\n\n[mcp]\n${setup.ini}\n`;
    return sut({ env: setup.env ?? {}, fs: createInMemoryConfigFs({ ...setup, files }) });
  }

  function failure(setup: Setup): ConfigValidationError {
    try {
      load(setup);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      return error as ConfigValidationError;
    }
    throw new Error('expected a ConfigValidationError');
  }

  describe('defaults', () => {
    it('uses the documented defaults when nothing is configured', () => {
      const { config, warnings } = load();

      expect(config).toEqual({
        transport: 'streamable-http',
        host: '0.0.0.0',
        port: 25888,
        endpointListFile: undefined,
        apiSpecFile: resolveBundledPath(BUNDLED_API_SPEC),
        strictEndpoints: true,
        sslKeyfile: undefined,
        sslCertfile: undefined,
        allowedHosts: [],
        allowedVos: [],
        maxSessions: 1000,
        sessionIdleTimeout: 1800,
        upstreamTimeout: 60,
        shutdownTimeout: 30,
        metricsPort: undefined,
        maxBodySize: 1048576,
        pandaApiUrl: 'https://pandaserver.cern.ch:25443/api/v1',
        caBundle: undefined,
        caDir: undefined,
        verifyUpstreamTls: true,
      });
      expect(warnings).toEqual([]);
    });

    it('returns a frozen configuration', () => {
      const { config } = load();

      expect(Object.isFrozen(config)).toBe(true);
      expect(Object.isFrozen(config.allowedVos)).toBe(true);
    });

    it('uses the bundled endpoint list (undefined) when the default endpoint list file is missing', () => {
      const { config, notes } = load();

      expect(config.endpointListFile).toBeUndefined();
      expect(notes.join('\n')).toContain('bundled');
    });

    it('uses the default endpoint list file when it exists', () => {
      const { config } = load({ files: { [DEFAULT_ENDPOINTS]: '{}' } });

      expect(config.endpointListFile).toBe(DEFAULT_ENDPOINTS);
    });

    it('follows PANDA_HOME for the JSON file, panda_server.cfg and the default endpoint list', () => {
      const { config } = load({
        env: { PANDA_HOME: '/srv/panda' },
        files: {
          '/srv/panda/etc/config_json/panda_server_config.json': JSON.stringify({ mcp: { port: 1111 } }),
          '/srv/panda/etc/panda/panda_server.cfg': '[mcp]\nhost = 127.0.0.1\n',
          '/srv/panda/etc/panda/panda_mcp_endpoints.json': '{}',
        },
      });

      expect(config.port).toBe(1111);
      expect(config.host).toBe('127.0.0.1');
      expect(config.endpointListFile).toBe('/srv/panda/etc/panda/panda_mcp_endpoints.json');
    });

    it('reads panda_server.cfg from PANDA_SERVER_CFG', () => {
      const { config } = load({
        env: { PANDA_SERVER_CFG: '/etc/p.cfg' },
        files: { '/etc/p.cfg': '[mcp]\nport = 2222' },
      });

      expect(config.port).toBe(2222);
    });

    it('treats empty environment variables as not set', () => {
      const { config } = load({
        env: { PANDA_MCP_TRANSPORT: '', PANDA_SERVER_CONF_PORT_MCP: '  ', PANDA_API_URL_SSL: '' },
        ini: 'transport = sse\nport = 3333',
      });

      expect(config.transport).toBe('sse');
      expect(config.port).toBe(3333);
      expect(config.pandaApiUrl).toBe('https://pandaserver.cern.ch:25443/api/v1');
    });
  });

  describe('precedence: env > panda_server_config.json > panda_server.cfg > default', () => {
    const cases = [
      {
        key: 'transport',
        env: { PANDA_MCP_TRANSPORT: 'streamable-http' },
        json: { transport: 'sse' },
        ini: 'transport = streamable-http',
        iniValue: 'streamable-http',
        jsonValue: 'sse',
        envValue: 'streamable-http',
        read: (r: LoadedPandaMcpConfig) => r.config.transport,
      },
      {
        key: 'port',
        env: { PANDA_SERVER_CONF_PORT_MCP: '3000' },
        json: { port: 2000 },
        ini: 'port = 1000',
        iniValue: 1000,
        jsonValue: 2000,
        envValue: 3000,
        read: (r: LoadedPandaMcpConfig) => r.config.port,
      },
      {
        key: 'allowed_vos',
        env: { PANDA_MCP_ALLOWED_VOS: 'env-vo' },
        json: { allowed_vos: ['json-vo1', 'json-vo2'] },
        ini: 'allowed_vos = ini-vo1, ini-vo2',
        iniValue: ['ini-vo1', 'ini-vo2'],
        jsonValue: ['json-vo1', 'json-vo2'],
        envValue: ['env-vo'],
        read: (r: LoadedPandaMcpConfig) => r.config.allowedVos,
      },
      {
        key: 'max_sessions',
        env: { PANDA_MCP_MAX_SESSIONS: '30' },
        json: { max_sessions: '20' },
        ini: 'max_sessions = 10',
        iniValue: 10,
        jsonValue: 20,
        envValue: 30,
        read: (r: LoadedPandaMcpConfig) => r.config.maxSessions,
      },
    ];

    it.each(cases)('$key: the INI value beats the default', ({ ini, iniValue, read }) => {
      expect(read(load({ ini }))).toEqual(iniValue);
    });

    it.each(cases)('$key: the JSON value beats the INI value', ({ ini, json, jsonValue, read }) => {
      expect(read(load({ ini, json }))).toEqual(jsonValue);
    });

    it.each(cases)(
      '$key: the environment beats the JSON and INI values',
      ({ ini, json, env, envValue, read }) => {
        expect(read(load({ ini, json, env }))).toEqual(envValue);
      },
    );

    it('mixes sources key by key', () => {
      const { config } = load({
        env: { PANDA_MCP_TRANSPORT: 'sse' },
        json: { port: 4000 },
        ini: 'allowed_vos = atlas\ntransport = streamable-http\nport = 1',
      });

      expect(config).toMatchObject({ transport: 'sse', port: 4000, allowedVos: ['atlas'] });
    });

    it('lets PANDA_API_URL_SSL beat PANDA_API_URL, and both beat the files', () => {
      const json = { panda_api_url: 'https://json.example/api/v1' };
      const both = load({
        json,
        env: { PANDA_API_URL_SSL: 'https://ssl.example', PANDA_API_URL: 'http://plain.example' },
      });
      const plainOnly = load({ json, env: { PANDA_API_URL: 'http://127.0.0.1:25080/server/panda' } });

      expect(both.config.pandaApiUrl).toBe('https://ssl.example/api/v1');
      expect(plainOnly.config.pandaApiUrl).toBe('http://127.0.0.1:25080/server/panda');
    });
  });

  describe('value parsing', () => {
    it('reads every key from panda_server.cfg', () => {
      const { config } = load({
        files: {
          '/etc/endpoints.json': '{}',
          '/etc/api.yaml': 'openapi: 3.1.0',
          '/k.pem': 'k',
          '/c.pem': 'c',
        },
        dirs: ['/etc/grid-security/certificates'],
        ini: [
          'transport = sse',
          'endpoint_list_file = /etc/endpoints.json',
          'api_spec_file = /etc/api.yaml',
          'ssl_keyfile = /k.pem',
          'ssl_certfile = /c.pem',
          'host = ::',
          'port = 0',
          'allowed_hosts = panda.example.org, Panda.Example.org:443 localhost:*',
          'allowed_vos = atlas cms',
          'max_sessions = 5',
          'session_idle_timeout = 90',
          'upstream_timeout = 2.5',
          'shutdown_timeout = 10',
          'metrics_port = 9464',
          'max_body_size = 4096',
          'strict_endpoints = no',
          'panda_api_url = https://panda.example.org:25443/',
          'ca_bundle = /c.pem',
          'ca_dir = /etc/grid-security/certificates',
          'verify_host = on',
        ].join('\n'),
      });

      expect(config).toEqual({
        transport: 'sse',
        endpointListFile: '/etc/endpoints.json',
        apiSpecFile: '/etc/api.yaml',
        sslKeyfile: '/k.pem',
        sslCertfile: '/c.pem',
        host: '::',
        port: 0,
        allowedHosts: ['panda.example.org', 'panda.example.org:443', 'localhost:*'],
        allowedVos: ['atlas', 'cms'],
        maxSessions: 5,
        sessionIdleTimeout: 90,
        upstreamTimeout: 2.5,
        shutdownTimeout: 10,
        metricsPort: 9464,
        maxBodySize: 4096,
        strictEndpoints: false,
        pandaApiUrl: 'https://panda.example.org:25443/api/v1',
        caBundle: '/c.pem',
        caDir: '/etc/grid-security/certificates',
        verifyUpstreamTls: true,
      });
    });

    it('accepts JSON-typed values in panda_server_config.json', () => {
      const { config } = load({
        json: { port: 8080, strict_endpoints: false, allowed_vos: ['atlas', 'cms'], upstream_timeout: 0.5 },
      });

      expect(config).toMatchObject({
        port: 8080,
        strictEndpoints: false,
        allowedVos: ['atlas', 'cms'],
        upstreamTimeout: 0.5,
      });
    });

    it('accepts strings in panda_server_config.json', () => {
      const { config } = load({ json: { port: '8080', strict_endpoints: 'off', allowed_vos: 'atlas,cms' } });

      expect(config).toMatchObject({ port: 8080, strictEndpoints: false, allowedVos: ['atlas', 'cms'] });
    });

    it.each([
      ['atlas', ['atlas']],
      ['atlas,cms', ['atlas', 'cms']],
      [' atlas , cms ,, lsst ', ['atlas', 'cms', 'lsst']],
      ['atlas cms\tsphenix', ['atlas', 'cms', 'sphenix']],
      ['atlas, atlas', ['atlas']],
      ['a.b_c:d-e', ['a.b_c:d-e']],
    ])('parses the list %j', (text, expected) => {
      expect(load({ env: { PANDA_MCP_ALLOWED_VOS: text } }).config.allowedVos).toEqual(expected);
    });

    it('rejects JSON arrays holding something else than strings', () => {
      expect(failure({ json: { allowed_vos: ['atlas', 7] } }).problems).toEqual([
        `allowed_vos: must be a list of VO names separated by commas or whitespace, or a JSON array of strings; got "["atlas",7]" from panda_server_config.json (${JSON_PATH}) mcp.allowed_vos`,
      ]);
    });

    it.each(['b@d', 'x'.repeat(65), 'é'])('rejects the VO name %j', (vo) => {
      expect(failure({ env: { PANDA_MCP_ALLOWED_VOS: `atlas, ${vo}` } }).problems[0]).toMatch(
        /^allowed_vos: each VO name must be 1 to 64 characters .*from env PANDA_MCP_ALLOWED_VOS$/,
      );
    });

    it.each(['exa mple.org/x', 'http://a', '-bad.org', 'host:port'])(
      'rejects the allowed host %j',
      (host) => {
        expect(failure({ json: { allowed_hosts: [host] } }).problems[0]).toMatch(
          /^allowed_hosts: each entry must be/,
        );
      },
    );

    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['On', true],
      ['false', false],
      ['False', false],
      ['0', false],
      ['no', false],
      ['OFF', false],
    ])('parses the boolean %j', (text, expected) => {
      expect(load({ env: { PANDA_MCP_STRICT_ENDPOINTS: text } }).config.strictEndpoints).toBe(expected);
      expect(load({ ini: `strict_endpoints = ${text}` }).config.strictEndpoints).toBe(expected);
    });

    it('rejects other boolean words', () => {
      expect(failure({ env: { PANDA_MCP_STRICT_ENDPOINTS: 'maybe' } }).problems).toEqual([
        'strict_endpoints: must be a boolean (true/false, yes/no, on/off or 1/0); got "maybe" from env PANDA_MCP_STRICT_ENDPOINTS',
      ]);
    });

    it('reads Python configparser syntax: colon separators and continuation lines', () => {
      const { config } = load({ ini: 'transport: sse\nallowed_vos =\n    atlas\n    cms\nport=1234' });

      expect(config).toMatchObject({ transport: 'sse', allowedVos: ['atlas', 'cms'], port: 1234 });
    });

    it('accepts a bracketed IPv6 bind address', () => {
      expect(load({ env: { PANDA_MCP_HOST: '[::1]' } }).config.host).toBe('::1');
    });
  });

  describe('panda_api_url', () => {
    it.each([
      ['https://panda.example.org:25443', 'https://panda.example.org:25443/api/v1'],
      ['https://panda.example.org:25443/', 'https://panda.example.org:25443/api/v1'],
      ['https://panda.example.org:25443/api/v1/', 'https://panda.example.org:25443/api/v1'],
      ['https://panda.example.org/server/panda///', 'https://panda.example.org/server/panda'],
      ['HTTPS://Panda.Example.ORG:443/api/v1', 'https://panda.example.org/api/v1'],
      ['http://127.0.0.1:25080', 'http://127.0.0.1:25080/api/v1'],
      ['http://[::1]:8080/api/v1', 'http://[::1]:8080/api/v1'],
    ])('normalises %s to %s', (url, expected) => {
      expect(load({ env: { PANDA_API_URL: url } }).config.pandaApiUrl).toBe(expected);
    });

    it.each([
      ['ftp://panda.example.org/api/v1', 'must use http or https'],
      ['panda.example.org/api/v1', 'must be an absolute http(s) URL'],
      ['https://panda.example.org/api/v1?x=1', 'must not have a query or fragment'],
      ['https://panda.example.org/api/v1#top', 'must not have a query or fragment'],
      ['https://panda.example.org/api/v1?', 'must not have a query or fragment'],
    ])('rejects %s', (url, what) => {
      expect(failure({ json: { panda_api_url: url } }).problems).toEqual([
        `panda_api_url: ${what}; got "${url}" from panda_server_config.json (${JSON_PATH}) mcp.panda_api_url`,
      ]);
    });

    it('rejects credentials in the URL without showing them', () => {
      const error = failure({ env: { PANDA_API_URL_SSL: 'https://user:s3cret@panda.example.org/api/v1' } });

      expect(error.problems).toEqual([
        'panda_api_url: must not contain credentials; got "https://***@panda.example.org/api/v1" from env PANDA_API_URL_SSL',
      ]);
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain('user');
    });

    it('warns when tokens would travel over plain http to another host', () => {
      const { warnings } = load({ env: { PANDA_API_URL: 'http://panda.example.org:25080' } });

      expect(warnings).toEqual([expect.stringContaining('plain http')]);
    });
  });

  describe('files', () => {
    it('fails when a configured endpoint list file is missing', () => {
      expect(failure({ env: { PANDA_MCP_ENDPOINT_LIST_FILE: '/nope.json' } }).problems).toEqual([
        'endpoint_list_file: no such file; got "/nope.json" from env PANDA_MCP_ENDPOINT_LIST_FILE',
      ]);
    });

    it('fails when the configured endpoint list is not a readable file', () => {
      const error = failure({
        dirs: ['/etc/dir'],
        files: { '/secret.json': '{}' },
        unreadable: ['/secret.json'],
        ini: 'endpoint_list_file = /etc/dir\napi_spec_file = /secret.json',
      });

      expect(error.problems).toEqual([
        `endpoint_list_file: is a directory, expected a file; got "/etc/dir" from panda_server.cfg (${CFG_PATH}) [mcp] endpoint_list_file`,
        `api_spec_file: is not a readable file; got "/secret.json" from panda_server.cfg (${CFG_PATH}) [mcp] api_spec_file`,
      ]);
    });

    it('fails when PANDA_SERVER_CFG names a missing file', () => {
      expect(failure({ env: { PANDA_SERVER_CFG: '/etc/nope.cfg' } }).problems).toEqual([
        'PANDA_SERVER_CFG: no such file; got "/etc/nope.cfg" from env PANDA_SERVER_CFG',
      ]);
    });

    it.each([
      [
        { PANDA_MCP_SSL_KEYFILE: '/k.pem' },
        'ssl_keyfile: is set but ssl_certfile is not',
        'env PANDA_MCP_SSL_KEYFILE',
      ],
      [
        { PANDA_MCP_SSL_CERTFILE: '/c.pem' },
        'ssl_certfile: is set but ssl_keyfile is not',
        'env PANDA_MCP_SSL_CERTFILE',
      ],
    ])('fails when the SSL partner is missing (%j)', (env, start, source) => {
      const [problem, ...rest] = failure({ env, files: { '/k.pem': 'k', '/c.pem': 'c' } }).problems;

      expect(rest).toEqual([]);
      expect(problem.startsWith(start)).toBe(true);
      expect(problem.endsWith(`from ${source}`)).toBe(true);
    });

    it('fails when an SSL file is missing', () => {
      expect(
        failure({
          files: { '/k.pem': 'k' },
          env: { PANDA_MCP_SSL_KEYFILE: '/k.pem', PANDA_MCP_SSL_CERTFILE: '/c.pem' },
        }).problems,
      ).toEqual(['ssl_certfile: no such file; got "/c.pem" from env PANDA_MCP_SSL_CERTFILE']);
    });

    it('checks PANDA_CA_BUNDLE and X509_CERT_DIR', () => {
      expect(
        failure({
          files: { '/ca.pem': 'x' },
          env: { PANDA_CA_BUNDLE: '/nope.pem', X509_CERT_DIR: '/ca.pem' },
        }).problems,
      ).toEqual([
        'ca_bundle: no such file; got "/nope.pem" from env PANDA_CA_BUNDLE',
        'ca_dir: is not a directory; got "/ca.pem" from env X509_CERT_DIR',
      ]);
    });

    it('reports a broken panda_server_config.json without quoting it', () => {
      const error = failure({ files: { [JSON_PATH]: '{"server": {"password": "hunter2"} "mcp": {}}' } });

      expect(error.problems).toEqual([
        `panda_server_config.json (${JSON_PATH}): is not valid JSON (syntax error at line 1, column 36)`,
      ]);
      expect(error.message).not.toContain('hunter2');
    });

    it('reports a panda_server_config.json whose mcp is not an object', () => {
      expect(failure({ files: { [JSON_PATH]: '{"mcp": ["sse"]}' } }).problems).toEqual([
        `mcp: must be a JSON object of settings; got "["sse"]" from panda_server_config.json (${JSON_PATH}) mcp`,
      ]);
    });

    it('reports an unreadable panda_server.cfg and malformed [mcp] lines', () => {
      expect(failure({ files: { [CFG_PATH]: '[mcp]' }, unreadable: [CFG_PATH] }).problems).toEqual([
        `panda_server.cfg (${CFG_PATH}): cannot be read (EACCES)`,
      ]);
      expect(failure({ ini: 'port = 1\njust some words' }).problems).toEqual([
        `panda_server.cfg (${CFG_PATH}) [mcp] line 6: expected "key = value"`,
      ]);
    });

    it('ignores a panda_server_config.json without an mcp object', () => {
      const { config } = load({ files: { [JSON_PATH]: '{"server": {}}' } });

      expect(config.port).toBe(25888);
    });
  });

  describe('aggregated errors', () => {
    it('lists every problem from every source in one error', () => {
      const error = failure({
        env: { PANDA_MCP_TRANSPORT: 'websocket', PANDA_MCP_UPSTREAM_TIMEOUT: '0' },
        json: { port: 70000, session_idle_timeout: 'soon' },
        ini: 'allowed_vos = atlas, no/slash\nmax_body_size = 100\nmax_sessions = 0\nhost = not a host',
      });

      expect(error.problems).toEqual([
        'transport: must be "streamable-http" or "sse"; got "websocket" from env PANDA_MCP_TRANSPORT',
        `host: must be a host name or an IP address (e.g. 0.0.0.0, ::, localhost); got "not a host" from panda_server.cfg (${CFG_PATH}) [mcp] host`,
        `port: must be an integer from 0 to 65535; got "70000" from panda_server_config.json (${JSON_PATH}) mcp.port`,
        `allowed_vos: each VO name must be 1 to 64 characters from A-Z a-z 0-9 . _ : -; got "atlas, no/slash" from panda_server.cfg (${CFG_PATH}) [mcp] allowed_vos`,
        `max_sessions: must be an integer >= 1; got "0" from panda_server.cfg (${CFG_PATH}) [mcp] max_sessions`,
        `session_idle_timeout: must be a number; got "soon" from panda_server_config.json (${JSON_PATH}) mcp.session_idle_timeout`,
        'upstream_timeout: must be a number of seconds > 0; got "0" from env PANDA_MCP_UPSTREAM_TIMEOUT',
        `max_body_size: must be an integer number of bytes >= 1024; got "100" from panda_server.cfg (${CFG_PATH}) [mcp] max_body_size`,
      ]);
      expect(error.message.split('\n')).toEqual([
        'Invalid panda-mcp configuration (8 problems):',
        ...error.problems.map((p) => `- ${p}`),
      ]);
    });

    it('rejects fractional integers and timeouts beyond what Node timers hold', () => {
      expect(
        failure({ json: { port: 80.5, max_body_size: '1e6', session_idle_timeout: 3e6 } }).problems.map(
          (p) => p.split(';')[0],
        ),
      ).toEqual([
        'port: must be an integer from 0 to 65535',
        'session_idle_timeout: must be at most 2147483 seconds',
        'max_body_size: must be an integer',
      ]);
    });

    it('shows at most 100 characters of a value', () => {
      const [problem] = failure({ env: { PANDA_MCP_TRANSPORT: 'x'.repeat(300) } }).problems;

      expect(problem).toContain(`got "${'x'.repeat(100)}..." from`);
      expect(problem).not.toContain('x'.repeat(101));
    });
  });

  describe('warnings and notes', () => {
    it('warns about unknown keys in both files, naming them', () => {
      const { warnings, config } = load({ json: { port: 1, colour: 'blue' }, ini: 'trasnport = sse' });

      expect(config.port).toBe(1);
      expect(warnings).toEqual([
        `panda_server_config.json (${JSON_PATH}) mcp: ignoring unknown key(s) "colour"`,
        `panda_server.cfg (${CFG_PATH}) [mcp]: ignoring unknown key(s) "trasnport"`,
      ]);
    });

    it('turns upstream TLS verification off for PANDA_VERIFY_HOST=off, loudly', () => {
      const { config, warnings } = load({ env: { PANDA_VERIFY_HOST: 'off' } });

      expect(config.verifyUpstreamTls).toBe(false);
      expect(warnings).toEqual([expect.stringContaining('UPSTREAM TLS VERIFICATION IS DISABLED')]);
      expect(warnings[0]).toContain('env PANDA_VERIFY_HOST');
    });

    it('keeps upstream TLS verification on for other PANDA_VERIFY_HOST values', () => {
      expect(load({ env: { PANDA_VERIFY_HOST: 'on' } }).config.verifyUpstreamTls).toBe(true);
      expect(load({ env: { PANDA_VERIFY_HOST: '' } }).config.verifyUpstreamTls).toBe(true);
    });

    it('notes that the server’s own credentials are ignored, without their values', () => {
      const { notes } = load({
        env: {
          PANDA_AUTH_ID_TOKEN: 'eyJ.secret.token',
          PANDA_AUTH_VO: 'atlas-secret-vo',
          X509_USER_PROXY: '/tmp/x509up_u1',
        },
      });
      const text = notes.join('\n');

      expect(text).toContain(
        'PANDA_AUTH_ID_TOKEN, PANDA_AUTH_VO, X509_USER_PROXY are set in the environment but ignored',
      );
      expect(text).not.toContain('eyJ.secret.token');
      expect(text).not.toContain('atlas-secret-vo');
      expect(text).not.toContain('x509up_u1');
    });

    it('does not mention credential variables that are not set', () => {
      expect(load({ env: { PANDA_AUTH_VO: '' } }).notes.join('\n')).not.toContain('PANDA_AUTH');
    });

    it('notes which files it read', () => {
      const { notes } = load({ json: {}, ini: '' });

      expect(notes).toEqual(
        expect.arrayContaining([
          `read settings from panda_server_config.json (${JSON_PATH}) mcp`,
          `read settings from panda_server.cfg (${CFG_PATH}) [mcp]`,
        ]),
      );
    });
  });
});
