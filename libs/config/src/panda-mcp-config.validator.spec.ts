import { ConfigFileSection } from './config-sources.reader';
import { defaultPandaMcpConfig } from './panda-mcp-config.defaults';
import { MergedPandaMcpConfig, mergePandaMcpConfig } from './panda-mcp-config.merger';
import { validatePandaMcpConfig } from './panda-mcp-config.validator';
import { InMemoryConfigFsContents, createInMemoryConfigFs } from './testing/in-memory-config-fs';

const DEFAULT_ENDPOINTS = '/opt/panda/etc/panda/panda_mcp_endpoints.json';

interface Setup extends InMemoryConfigFsContents {
  env?: Record<string, string>;
  /** Settings of one file section, labelled `cfg`. */
  file?: Record<string, unknown>;
}

describe(validatePandaMcpConfig.name, () => {
  const sut = validatePandaMcpConfig;

  function validate(setup: Setup = {}): {
    merged: MergedPandaMcpConfig;
    notes: string[];
    problems: string[];
  } {
    const { env = {}, file } = setup;
    const sections: ConfigFileSection[] =
      file === undefined ? [] : [{ label: 'cfg', describe: (key) => `cfg ${key}`, values: file }];
    const merged = mergePandaMcpConfig(
      { envValue: (name) => env[name], sections },
      { ...defaultPandaMcpConfig(), endpointListFile: DEFAULT_ENDPOINTS },
    );
    const notes = sut(merged, createInMemoryConfigFs(setup));
    return { merged, notes, problems: merged.problemsInKeyOrder() };
  }

  describe('ranges, enumerations and formats', () => {
    it('reports every bad value with its source', () => {
      const { problems } = validate({
        env: { PANDA_MCP_TRANSPORT: 'websocket', PANDA_MCP_UPSTREAM_TIMEOUT: '0' },
        file: {
          port: 70000,
          allowed_vos: 'atlas, no/slash',
          max_body_size: '100',
          max_sessions: '0',
          host: 'not a host',
          metrics_port: 0,
        },
      });

      expect(problems).toEqual([
        'transport: must be "streamable-http" or "sse"; got "websocket" from env PANDA_MCP_TRANSPORT',
        'host: must be a host name or an IP address (e.g. 0.0.0.0, ::, localhost); got "not a host" from cfg host',
        'port: must be an integer from 0 to 65535; got "70000" from cfg port',
        'allowed_vos: each VO name must be 1 to 64 characters from A-Z a-z 0-9 . _ : -; got "atlas, no/slash" from cfg allowed_vos',
        'max_sessions: must be an integer >= 1; got "0" from cfg max_sessions',
        'upstream_timeout: must be a number of seconds > 0; got "0" from env PANDA_MCP_UPSTREAM_TIMEOUT',
        'metrics_port: must be an integer from 1 to 65535; got "0" from cfg metrics_port',
        'max_body_size: must be an integer number of bytes >= 1024; got "100" from cfg max_body_size',
      ]);
    });

    it('checks read_only, toolset names and that the toolsets file exists', () => {
      expect(
        validate({
          env: {
            PANDA_MCP_READ_ONLY: 'perhaps',
            PANDA_MCP_TOOLSETS: 'shifter, Ops!',
            PANDA_MCP_TOOLSETS_FILE: '/nowhere/toolsets.yaml',
          },
        }).problems,
      ).toEqual([
        'read_only: must be a boolean (true/false, yes/no, on/off or 1/0); got "perhaps" from env PANDA_MCP_READ_ONLY',
        'toolsets: each toolset name must be 1 to 64 characters from a-z 0-9 _ -; got "shifter, Ops!" from env PANDA_MCP_TOOLSETS',
        expect.stringMatching(/^toolsets_file: .*\/nowhere\/toolsets.yaml/),
      ]);
    });

    it('keeps one caller below half of the connections to PanDA', () => {
      expect(validate({ env: { PANDA_MCP_MAX_CALLS_PER_CALLER: '33' } }).problems).toEqual([
        'max_calls_per_caller: must be at most 32 (half of the 64 connections to PanDA, so one caller cannot hold them all); got "33" from env PANDA_MCP_MAX_CALLS_PER_CALLER',
      ]);
      expect(validate({ env: { PANDA_MCP_MAX_CALLS_PER_CALLER: '32' } }).problems).toEqual([]);
    });

    it('rejects fractional integers and timeouts beyond what Node timers hold', () => {
      const { problems } = validate({ file: { port: 80.5, session_idle_timeout: 3e6 } });

      expect(problems.map((p) => p.split(';')[0])).toEqual([
        'port: must be an integer from 0 to 65535',
        'session_idle_timeout: must be at most 2147483 seconds',
      ]);
    });

    it.each(['b@d', 'x'.repeat(65), 'é'])('rejects the VO name %j', (vo) => {
      expect(validate({ env: { PANDA_MCP_ALLOWED_VOS: `atlas, ${vo}` } }).problems[0]).toMatch(
        /^allowed_vos: each VO name must be 1 to 64 characters .*from env PANDA_MCP_ALLOWED_VOS$/,
      );
    });

    it.each(['exa mple.org/x', 'http://a', '-bad.org', 'host:port'])(
      'rejects the allowed host %j',
      (host) => {
        expect(validate({ file: { allowed_hosts: [host] } }).problems[0]).toMatch(
          /^allowed_hosts: each entry must be/,
        );
      },
    );

    it('does not check again a value that could not be converted', () => {
      expect(validate({ file: { endpoint_list_file: 5, session_idle_timeout: 'soon' } }).problems).toEqual([
        'endpoint_list_file: must be a file or directory path (a string); got "5" from cfg endpoint_list_file',
        'session_idle_timeout: must be a number; got "soon" from cfg session_idle_timeout',
      ]);
    });
  });

  describe('files', () => {
    it('uses the bundled endpoint list (undefined) when the default endpoint list file is missing', () => {
      const { merged, notes, problems } = validate();

      expect(problems).toEqual([]);
      expect(merged.values.endpointListFile).toBeUndefined();
      expect(notes).toEqual([
        `${DEFAULT_ENDPOINTS} does not exist; using the endpoint list bundled with panda-mcp`,
      ]);
    });

    it('uses the default endpoint list file when it exists', () => {
      const { merged, notes } = validate({ files: { [DEFAULT_ENDPOINTS]: '{}' } });

      expect(merged.values.endpointListFile).toBe(DEFAULT_ENDPOINTS);
      expect(notes).toEqual([`using the endpoint list ${DEFAULT_ENDPOINTS}`]);
    });

    it('fails when the default endpoint list exists but is not a file', () => {
      const { notes, problems } = validate({ dirs: [DEFAULT_ENDPOINTS] });

      expect(notes).toEqual([]);
      expect(problems).toEqual([
        `endpoint_list_file: is a directory, expected a file; got "${DEFAULT_ENDPOINTS}" from default`,
      ]);
    });

    it.each([
      [
        'a missing endpoint list',
        { env: { PANDA_MCP_ENDPOINT_LIST_FILE: '/nope.json' } },
        ['endpoint_list_file: no such file; got "/nope.json" from env PANDA_MCP_ENDPOINT_LIST_FILE'],
      ],
      [
        'an endpoint list and an API description that are not readable files',
        {
          dirs: ['/etc/dir'],
          files: { '/secret.json': '{}' },
          unreadable: ['/secret.json'],
          file: { endpoint_list_file: '/etc/dir', api_spec_file: '/secret.json' },
        },
        [
          'endpoint_list_file: is a directory, expected a file; got "/etc/dir" from cfg endpoint_list_file',
          'api_spec_file: is not a readable file; got "/secret.json" from cfg api_spec_file',
        ],
      ],
      [
        'a missing SSL file',
        {
          files: { '/k.pem': 'k' },
          env: { PANDA_MCP_SSL_KEYFILE: '/k.pem', PANDA_MCP_SSL_CERTFILE: '/c.pem' },
        },
        ['ssl_certfile: no such file; got "/c.pem" from env PANDA_MCP_SSL_CERTFILE'],
      ],
      [
        'a missing PANDA_CA_BUNDLE and an X509_CERT_DIR that is a file',
        { files: { '/ca.pem': 'x' }, env: { PANDA_CA_BUNDLE: '/nope.pem', X509_CERT_DIR: '/ca.pem' } },
        [
          'ca_bundle: no such file; got "/nope.pem" from env PANDA_CA_BUNDLE',
          'ca_dir: is not a directory; got "/ca.pem" from env X509_CERT_DIR',
        ],
      ],
      [
        'a missing X509_CERT_DIR',
        { env: { X509_CERT_DIR: '/nope' } },
        ['ca_dir: no such directory; got "/nope" from env X509_CERT_DIR'],
      ],
    ] as [string, Setup, string[]][])('fails for %s', (_what, setup, problems) => {
      expect(validate(setup).problems).toEqual(problems);
    });

    it('does not check the bundled API description', () => {
      expect(validate().problems).toEqual([]);
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
      const [problem, ...rest] = validate({ env, files: { '/k.pem': 'k', '/c.pem': 'c' } }).problems;

      expect(rest).toEqual([]);
      expect(problem.startsWith(start)).toBe(true);
      expect(problem.endsWith(`from ${source}`)).toBe(true);
    });
  });
});
