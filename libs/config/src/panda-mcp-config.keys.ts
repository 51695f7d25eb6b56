import { PandaMcpConfig } from './panda-mcp-config';

/** How the raw text (or JSON value) of a setting is turned into its typed value. */
export type ConfigValueKind =
  | 'transport'
  | 'word'
  | 'host'
  | 'path'
  | 'int'
  | 'number'
  | 'bool'
  | 'voList'
  | 'nameList'
  | 'hostList'
  | 'url'
  /** A secret: never quoted in messages. */
  | 'secret';

/** One configuration setting: its file key, its property in PandaMcpConfig and its environment variables. */
export interface PandaMcpConfigKey {
  /** Key in the `[mcp]` section of panda_server.cfg and in the `mcp` object of panda_server_config.json. */
  readonly key: string;
  readonly prop: keyof PandaMcpConfig;
  /** Environment variables, highest precedence first. */
  readonly env: readonly string[];
  readonly kind: ConfigValueKind;
}

/** Every setting panda-mcp reads, in the order problems are reported. */
export const PANDA_MCP_CONFIG_KEYS: readonly PandaMcpConfigKey[] = Object.freeze([
  { key: 'transport', prop: 'transport', env: ['PANDA_MCP_TRANSPORT'], kind: 'transport' },
  { key: 'host', prop: 'host', env: ['PANDA_MCP_HOST'], kind: 'host' },
  { key: 'port', prop: 'port', env: ['PANDA_SERVER_CONF_PORT_MCP'], kind: 'int' },
  {
    key: 'endpoint_list_file',
    prop: 'endpointListFile',
    env: ['PANDA_MCP_ENDPOINT_LIST_FILE'],
    kind: 'path',
  },
  { key: 'api_spec_file', prop: 'apiSpecFile', env: ['PANDA_MCP_API_SPEC'], kind: 'path' },
  { key: 'strict_endpoints', prop: 'strictEndpoints', env: ['PANDA_MCP_STRICT_ENDPOINTS'], kind: 'bool' },
  { key: 'read_only', prop: 'readOnly', env: ['PANDA_MCP_READ_ONLY'], kind: 'bool' },
  { key: 'toolsets', prop: 'toolsets', env: ['PANDA_MCP_TOOLSETS'], kind: 'nameList' },
  { key: 'toolsets_file', prop: 'toolsetsFile', env: ['PANDA_MCP_TOOLSETS_FILE'], kind: 'path' },
  { key: 'tool_discovery', prop: 'toolDiscovery', env: ['PANDA_MCP_TOOL_DISCOVERY'], kind: 'word' },
  { key: 'mcp_apps', prop: 'mcpApps', env: ['PANDA_MCP_APPS'], kind: 'word' },
  {
    key: 'confirm_destructive',
    prop: 'confirmDestructive',
    env: ['PANDA_MCP_CONFIRM_DESTRUCTIVE'],
    kind: 'word',
  },
  {
    key: 'request_state_secret',
    prop: 'requestStateSecret',
    env: ['PANDA_MCP_REQUEST_STATE_SECRET'],
    kind: 'secret',
  },
  { key: 'ssl_keyfile', prop: 'sslKeyfile', env: ['PANDA_MCP_SSL_KEYFILE'], kind: 'path' },
  { key: 'ssl_certfile', prop: 'sslCertfile', env: ['PANDA_MCP_SSL_CERTFILE'], kind: 'path' },
  { key: 'allowed_hosts', prop: 'allowedHosts', env: ['PANDA_MCP_ALLOWED_HOSTS'], kind: 'hostList' },
  { key: 'allowed_vos', prop: 'allowedVos', env: ['PANDA_MCP_ALLOWED_VOS'], kind: 'voList' },
  { key: 'session_mode', prop: 'sessionMode', env: ['PANDA_MCP_SESSION_MODE'], kind: 'word' },
  { key: 'balancer_route', prop: 'balancerRoute', env: ['PANDA_MCP_BALANCER_ROUTE'], kind: 'path' },
  { key: 'max_sessions', prop: 'maxSessions', env: ['PANDA_MCP_MAX_SESSIONS'], kind: 'int' },
  {
    key: 'session_idle_timeout',
    prop: 'sessionIdleTimeout',
    env: ['PANDA_MCP_SESSION_IDLE_TIMEOUT'],
    kind: 'number',
  },
  { key: 'upstream_timeout', prop: 'upstreamTimeout', env: ['PANDA_MCP_UPSTREAM_TIMEOUT'], kind: 'number' },
  { key: 'shutdown_timeout', prop: 'shutdownTimeout', env: ['PANDA_MCP_SHUTDOWN_TIMEOUT'], kind: 'number' },
  { key: 'metrics_port', prop: 'metricsPort', env: ['PANDA_MCP_METRICS_PORT'], kind: 'int' },
  { key: 'max_body_size', prop: 'maxBodySize', env: ['PANDA_MCP_MAX_BODY_SIZE'], kind: 'int' },
  {
    key: 'max_sessions_per_caller',
    prop: 'maxSessionsPerCaller',
    env: ['PANDA_MCP_MAX_SESSIONS_PER_CALLER'],
    kind: 'int',
  },
  {
    key: 'max_anonymous_sessions',
    prop: 'maxAnonymousSessions',
    env: ['PANDA_MCP_MAX_ANONYMOUS_SESSIONS'],
    kind: 'int',
  },
  {
    key: 'anonymous_session_idle_timeout',
    prop: 'anonymousSessionIdleTimeout',
    env: ['PANDA_MCP_ANONYMOUS_SESSION_IDLE_TIMEOUT'],
    kind: 'number',
  },
  {
    key: 'max_calls_per_caller',
    prop: 'maxCallsPerCaller',
    env: ['PANDA_MCP_MAX_CALLS_PER_CALLER'],
    kind: 'int',
  },
  {
    key: 'max_result_tokens',
    prop: 'maxResultTokens',
    env: ['PANDA_MCP_MAX_RESULT_TOKENS'],
    kind: 'int',
  },
  {
    key: 'max_upstream_buffer',
    prop: 'maxUpstreamBuffer',
    env: ['PANDA_MCP_MAX_UPSTREAM_BUFFER'],
    kind: 'int',
  },
  { key: 'panda_api_url', prop: 'pandaApiUrl', env: ['PANDA_API_URL_SSL', 'PANDA_API_URL'], kind: 'url' },
  { key: 'ca_bundle', prop: 'caBundle', env: ['PANDA_CA_BUNDLE'], kind: 'path' },
  { key: 'ca_dir', prop: 'caDir', env: ['X509_CERT_DIR'], kind: 'path' },
  { key: 'verify_host', prop: 'verifyUpstreamTls', env: ['PANDA_VERIFY_HOST'], kind: 'bool' },
] as const satisfies readonly PandaMcpConfigKey[]);

/** Credentials of the server's own user that PanDA's reference MCP server also leaves unused. */
export const IGNORED_CREDENTIAL_ENV = Object.freeze([
  'PANDA_AUTH_ID_TOKEN',
  'PANDA_AUTH_VO',
  'X509_USER_PROXY',
]);

const KNOWN_KEYS = new Set(PANDA_MCP_CONFIG_KEYS.map((k) => k.key));

/** True when `key` is a setting of the `mcp` file sections. */
export function isKnownConfigKey(key: string): boolean {
  return KNOWN_KEYS.has(key);
}

/** The setting behind a PandaMcpConfig property. */
export function configKeyOf(prop: keyof PandaMcpConfig): PandaMcpConfigKey {
  return PANDA_MCP_CONFIG_KEYS.find((k) => k.prop === prop)!;
}
