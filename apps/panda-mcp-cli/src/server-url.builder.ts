import { DEFAULT_MCP_PORT } from './cli.defaults';
import { UsageError } from './cli.errors';

export interface ServerUrlOptions {
  /** The whole MCP URL; excludes host, port and use_http. */
  url?: string;
  host?: string;
  port?: number;
  /** Plain http instead of https (PanDA's test client flag). */
  useHttp?: boolean;
}

/** `/mcp/` serves Streamable HTTP and, with transport = sse, the SSE stream: one path for both. */
export const MCP_PATH = '/mcp/';

/**
 * The MCP URL of a panda-mcp service: `--url` as given, or `http(s)://<host>:<port>/mcp/` from
 * PanDA's test-client flags (https unless `--use_http`; host localhost; port PANDA_SERVER_CONF_PORT_MCP
 * or 25888, the service's default).
 */
export function buildServerUrl(options: ServerUrlOptions, env: Record<string, string | undefined>): URL {
  if (options.url !== undefined) {
    if (options.host !== undefined || options.port !== undefined || options.useHttp) {
      throw new UsageError('--url already names the server; leave out --host, --port and --use_http');
    }
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new UsageError(`--url is not a URL: ${options.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError(`--url must be http:// or https://, got ${url.protocol}`);
    }
    return url;
  }
  const scheme = options.useHttp ? 'http' : 'https';
  const host = options.host?.trim() || 'localhost';
  // a bare IPv6 address needs brackets in a URL
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const envPort = env.PANDA_SERVER_CONF_PORT_MCP?.trim();
  const port =
    options.port ?? (envPort ? parsePort(envPort, 'PANDA_SERVER_CONF_PORT_MCP') : DEFAULT_MCP_PORT);
  return new URL(`${scheme}://${shownHost}:${port}${MCP_PATH}`);
}

/** A TCP port from a flag or variable, 1-65535. */
export function parsePort(raw: string, name = '--port'): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) {
    throw new UsageError(`${name} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return port;
}
