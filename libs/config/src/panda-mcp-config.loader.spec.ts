import { ConfigValidationError } from './config-validation.error';
import { BUNDLED_API_SPEC, BUNDLED_TOOLSETS } from './panda-mcp-config.defaults';
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
        readOnly: false,
        toolsets: [],
        toolsetsFile: resolveBundledPath(BUNDLED_TOOLSETS),
        toolDiscovery: 'list',
        mcpApps: 'auto',
        confirmDestructive: 'elicit',
        requestStateSecret: undefined,
        sessionMode: 'stateful',
        balancerRoute: undefined,
        maxSessions: 1000,
        sessionIdleTimeout: 1800,
        upstreamTimeout: 60,
        shutdownTimeout: 30,
        metricsPort: undefined,
        maxBodySize: 1048576,
        maxSessionsPerCaller: 50,
        maxAnonymousSessions: 100,
        anonymousSessionIdleTimeout: 120,
        maxCallsPerCaller: 16,
        maxResultTokens: 20000,
        maxUpstreamBuffer: 100663296,
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

  describe('sources', () => {
    it('takes each value from the environment, then panda_server_config.json, then panda_server.cfg', () => {
      const { config } = load({
        env: { PANDA_MCP_TRANSPORT: 'sse', PANDA_API_URL: 'http://127.0.0.1:25080' },
        json: { port: 4000, transport: 'streamable-http', max_sessions: '20' },
        ini: 'allowed_vos = atlas\ntransport = streamable-http\nport = 1\nmax_sessions = 10',
      });

      expect(config).toMatchObject({
        transport: 'sse',
        pandaApiUrl: 'http://127.0.0.1:25080/api/v1',
        port: 4000,
        maxSessions: 20,
        allowedVos: ['atlas'],
      });
    });

    it('reads every key from panda_server.cfg', () => {
      const { config } = load({
        files: {
          '/etc/endpoints.json': '{}',
          '/etc/api.yaml': 'openapi: 3.1.0',
          '/etc/toolsets.yaml': 'toolsets: {}',
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
          'read_only = yes',
          'toolsets = shifter, user',
          'toolsets_file = /etc/toolsets.yaml',
          'tool_discovery = Search',
          'mcp_apps = Always',
          'confirm_destructive = Require',
          'session_mode = stateful',
          'balancer_route = pod-2',
          'request_state_secret = 0123456789abcdef0123456789abcdef',
          'max_sessions = 5',
          'session_idle_timeout = 90',
          'upstream_timeout = 2.5',
          'shutdown_timeout = 10',
          'metrics_port = 9464',
          'max_body_size = 4096',
          'max_sessions_per_caller = 7',
          'max_anonymous_sessions = 8',
          'anonymous_session_idle_timeout = 30',
          'max_calls_per_caller = 4',
          'max_result_tokens = 5000',
          'max_upstream_buffer = 2097152',
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
        readOnly: true,
        toolsets: ['shifter', 'user'],
        toolsetsFile: '/etc/toolsets.yaml',
        toolDiscovery: 'search',
        mcpApps: 'always',
        confirmDestructive: 'require',
        sessionMode: 'stateful',
        balancerRoute: 'pod-2',
        requestStateSecret: '0123456789abcdef0123456789abcdef',
        maxSessions: 5,
        sessionIdleTimeout: 90,
        upstreamTimeout: 2.5,
        shutdownTimeout: 10,
        metricsPort: 9464,
        maxBodySize: 4096,
        maxSessionsPerCaller: 7,
        maxAnonymousSessions: 8,
        anonymousSessionIdleTimeout: 30,
        maxCallsPerCaller: 4,
        maxResultTokens: 5000,
        maxUpstreamBuffer: 2097152,
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

    it.each(['true', 'TRUE', '1', 'yes', 'On', 'false', 'False', '0', 'no', 'OFF'])(
      'reads the boolean %j the same from the environment and from panda_server.cfg',
      (text) => {
        const fromEnv = load({ env: { PANDA_MCP_STRICT_ENDPOINTS: text } }).config.strictEndpoints;

        expect(load({ ini: `strict_endpoints = ${text}` }).config.strictEndpoints).toBe(fromEnv);
      },
    );
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

    it('lists the problems of the files first, then those of the keys', () => {
      const error = failure({
        env: { PANDA_SERVER_CFG: '/etc/nope.cfg', PANDA_MCP_ENDPOINT_LIST_FILE: '/nope.json' },
        files: { [JSON_PATH]: '{"mcp": {"port": "x"}' },
      });

      expect(error.problems).toEqual([
        `panda_server_config.json (${JSON_PATH}): is not valid JSON (syntax error at line 1, column 22)`,
        'PANDA_SERVER_CFG: no such file; got "/etc/nope.cfg" from env PANDA_SERVER_CFG',
        'endpoint_list_file: no such file; got "/nope.json" from env PANDA_MCP_ENDPOINT_LIST_FILE',
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

    it('refuses a short request_state_secret and an unknown confirm_destructive without quoting the secret', () => {
      const error = failure({
        env: { PANDA_MCP_REQUEST_STATE_SECRET: 'hunter2-short', PANDA_MCP_CONFIRM_DESTRUCTIVE: 'ask' },
      });

      expect(error.problems).toEqual([
        'confirm_destructive: must be "elicit", "off" or "require"; got "ask" from env PANDA_MCP_CONFIRM_DESTRUCTIVE',
        'request_state_secret: must be at least 32 characters (a random string, the same on every replica); ' +
          'got "(a secret of 13 characters, not shown)" from env PANDA_MCP_REQUEST_STATE_SECRET',
      ]);
      expect(error.message).not.toContain('hunter2');
    });

    it('refuses an mcp_apps mode it does not know, naming the three it does', () => {
      const error = failure({ env: { PANDA_MCP_APPS: 'sometimes' } });

      expect(error.problems).toEqual([
        'mcp_apps: must be "auto", "always" or "off"; got "sometimes" from env PANDA_MCP_APPS',
      ]);
    });

    it('refuses stateless serving with the SSE transport, and a route Apache could not read', () => {
      const error = failure({
        env: {
          PANDA_MCP_TRANSPORT: 'sse',
          PANDA_MCP_SESSION_MODE: 'stateless',
          PANDA_MCP_BALANCER_ROUTE: 'pod.2',
        },
      });
      expect(error.problems).toEqual([
        expect.stringMatching(
          /^session_mode: must be "stateful" when transport = sse .* got "stateless" from env PANDA_MCP_SESSION_MODE$/,
        ),
        expect.stringMatching(
          /^balancer_route: must be 1 to 64 characters from A-Z a-z 0-9 _ - .*got "pod.2"/,
        ),
      ]);
    });

    it('notes that confirmations are signed with a per-process key until request_state_secret is set', () => {
      expect(load().notes.join('\n')).toContain('request_state_secret is not set');
      const secret = 'x'.repeat(32);
      expect(load({ env: { PANDA_MCP_REQUEST_STATE_SECRET: secret } }).notes.join('\n')).not.toContain(
        'request_state_secret',
      );
      expect(load({ env: { PANDA_MCP_CONFIRM_DESTRUCTIVE: 'off' } }).notes.join('\n')).not.toContain(
        'request_state_secret',
      );
    });

    it('reports a broken panda_server_config.json without quoting it', () => {
      const error = failure({ files: { [JSON_PATH]: '{"server": {"password": "hunter2"} "mcp": {}}' } });

      expect(error.message).not.toContain('hunter2');
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

    it.each(['http://panda.example.org:25080', 'http://127.example.org'])(
      'warns when tokens would travel over plain http to another host (%s)',
      (url) => {
        expect(load({ env: { PANDA_API_URL: url } }).warnings).toEqual([
          expect.stringContaining('plain http'),
        ]);
      },
    );

    it.each(['http://127.0.0.1:25080', 'http://localhost:25080', 'http://[::1]:25080'])(
      'does not warn about plain http to the loopback address %s',
      (url) => {
        expect(load({ env: { PANDA_API_URL: url } }).warnings).toEqual([]);
      },
    );

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
