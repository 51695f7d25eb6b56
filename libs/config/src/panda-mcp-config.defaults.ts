import * as path from 'node:path';
import { resolveBundledPath } from './bundled-path';

/** The toolsets shipped with the service (operators may point toolsets_file elsewhere). */
export const BUNDLED_TOOLSETS = 'config/toolsets.yaml';
import { PandaMcpConfig } from './panda-mcp-config';

/** Where PanDA is installed when PANDA_HOME is not set. */
export const DEFAULT_PANDA_HOME = '/opt/panda';

/** The API description shipped with panda-mcp, relative to the package root. */
export const BUNDLED_API_SPEC = 'config/panda-api/openapi.yaml';

/** The endpoint list shipped with panda-mcp, relative to the package root. */
export const BUNDLED_ENDPOINT_LIST = 'config/panda_mcp_endpoints.json';

/** PanDA's own location of the endpoint list; used only when the file is there. */
export function defaultEndpointListFile(pandaHome: string = DEFAULT_PANDA_HOME): string {
  return path.posix.join(pandaHome, 'etc/panda/panda_mcp_endpoints.json');
}

/** `panda_server.cfg`, unless PANDA_SERVER_CFG names another file. */
export function defaultPandaServerCfg(pandaHome: string = DEFAULT_PANDA_HOME): string {
  return path.posix.join(pandaHome, 'etc/panda/panda_server.cfg');
}

/** The JSON config that PanDA's Helm chart mounts. */
export function pandaServerConfigJson(pandaHome: string = DEFAULT_PANDA_HOME): string {
  return path.posix.join(pandaHome, 'etc/config_json/panda_server_config.json');
}

/** Scalar defaults (those that do not depend on the file system). */
export const PANDA_MCP_DEFAULTS = Object.freeze({
  transport: 'streamable-http',
  host: '0.0.0.0',
  port: 25888,
  strictEndpoints: true,
  maxSessions: 1000,
  sessionIdleTimeout: 1800,
  upstreamTimeout: 60,
  shutdownTimeout: 30,
  maxBodySize: 1048576,
  maxSessionsPerCaller: 50,
  maxAnonymousSessions: 100,
  anonymousSessionIdleTimeout: 120,
  maxCallsPerCaller: 16,
  maxResultTokens: 20000,
  maxUpstreamBuffer: 100663296,
  pandaApiUrl: 'https://pandaserver.cern.ch:25443/api/v1',
  verifyUpstreamTls: true,
} as const);

/**
 * The configuration panda-mcp runs with when nothing is configured, except that `endpointListFile` is
 * undefined (the bundled list) because this function does not look at the file system.
 */
export function defaultPandaMcpConfig(): PandaMcpConfig {
  return {
    ...PANDA_MCP_DEFAULTS,
    endpointListFile: undefined,
    apiSpecFile: resolveBundledPath(BUNDLED_API_SPEC),
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
    sessionMode: 'stateful',
    balancerRoute: undefined,
    requestStateSecret: undefined,
    caBundle: undefined,
    caDir: undefined,
    metricsPort: undefined,
  };
}
