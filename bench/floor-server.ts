/**
 * The floor: the least an MCP server in front of PanDA can cost. The fastest bare official-SDK server
 * on plain node:http, which measured side by side is SDK v1 (`McpServer` and
 * `StreamableHTTPServerTransport` from @modelcontextprotocol/sdk; it answered about 1.3x faster than the
 * v2 line panda-mcp uses, see bench/floor-server-v2.ts). No Nest, one tool `system_is_alive` that GETs
 * panda-sim's is_alive over a keep-alive agent; 2025-era sessions, JSON responses (as panda-mcp,
 * docs/decisions.md 7), the same result shape as panda-mcp (data as text, the envelope as
 * structuredContent). The server itself is bench/lib/floor.ts, shared with the v2 reference.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { runFloor } from './lib/floor';

runFloor({ McpServer, Transport: StreamableHTTPServerTransport });
