import {
  CallToolResult,
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  Tool,
} from '@modelcontextprotocol/client';
import type { McpTransportKind } from '@panda-mcp/common';
import type { HttpFetch } from './http-fetch.factory';

export interface McpTarget {
  url: URL;
  transport: McpTransportKind;
  /** Carries the credentials (see withPandaCredentials) and the CA bundle. */
  fetch: HttpFetch;
  timeoutMs: number;
}

/** An open MCP session, as the test client uses it. */
export interface McpConnection {
  listTools(): Promise<Tool[]>;
  callTool(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface McpConnector {
  connect(target: McpTarget): Promise<McpConnection>;
}

/** The official v2 client over Streamable HTTP (2025 handshake) or the 2024-11-05 SSE transport. */
export class SdkMcpConnector implements McpConnector {
  constructor(private readonly clientVersion: string) {}

  async connect(target: McpTarget): Promise<McpConnection> {
    const client = new Client({ name: 'panda-mcp-cli', version: this.clientVersion });
    const transport =
      target.transport === 'sse'
        ? new SSEClientTransport(target.url, { fetch: target.fetch })
        : new StreamableHTTPClientTransport(target.url, { fetch: target.fetch });
    const options = { timeout: target.timeoutMs };
    await client.connect(transport, options);
    return {
      listTools: async () => (await client.listTools(undefined, options)).tools,
      callTool: (name, args) => client.callTool({ name, arguments: args }, options),
      close: () => client.close(),
    };
  }
}
