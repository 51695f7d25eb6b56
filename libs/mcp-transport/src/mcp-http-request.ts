import type { AuthInfo } from '@modelcontextprotocol/server';
import type { IncomingMessage } from 'node:http';

/**
 * An MCP HTTP request as it travels through the Nest edge: the request-id middleware sets `id` (see
 * requestIdOf), the body middleware the parsed JSON-RPC message in `body`, and the auth-context
 * interceptor `auth`, which the SDK transports hand to each message's handlers as `ctx.http.authInfo`.
 */
export interface McpHttpRequest extends IncomingMessage {
  body?: Record<string, unknown>;
  auth?: AuthInfo;
  /** Express's path without the query string. */
  path?: string;
}
