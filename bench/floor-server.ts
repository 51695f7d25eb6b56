/**
 * The floor: the least an MCP server in front of PanDA can cost. The bare official SDK (the same v2 line
 * panda-mcp uses: `McpServer` from @modelcontextprotocol/server and `NodeStreamableHTTPServerTransport`
 * from @modelcontextprotocol/node), plain node:http, no Nest, one tool `system_is_alive` that GETs
 * panda-sim's is_alive over a keep-alive agent. 2025-era sessions, JSON responses (as panda-mcp,
 * docs/decisions.md 7). It answers with the same result shape as panda-mcp (data as text, the envelope
 * as structuredContent).
 *
 * Env: FLOOR_UPSTREAM (panda-sim's API base, e.g. http://127.0.0.1:1234/api/v1), FLOOR_PORT (0 = any).
 * Prints `floor listening on http://127.0.0.1:<port>/mcp/` when ready; stops on SIGTERM/SIGINT.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

const upstream = process.env.FLOOR_UPSTREAM;
if (!upstream) throw new Error('FLOOR_UPSTREAM is required');
const isAliveUrl = `${upstream.replace(/\/+$/, '')}/system/is_alive`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16 });

function getText(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: 'application/json' }, timeout: 60_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('upstream timeout')));
    req.on('error', reject);
  });
}

function buildServer(): McpServer {
  const server = new McpServer({ name: 'bench-floor', version: '1.0.0' });
  server.registerTool(
    'system_is_alive',
    { description: 'Checks that PanDA answers.', annotations: { readOnlyHint: true } },
    async () => {
      const { status, text } = await getText(isAliveUrl);
      if (status !== 200) return { isError: true, content: [{ type: 'text', text: `HTTP ${status}` }] };
      const envelope = JSON.parse(text) as { success: boolean; message?: string; data?: unknown };
      return {
        isError: !envelope.success,
        content: [{ type: 'text', text: JSON.stringify(envelope.data ?? null) }],
        structuredContent: envelope as unknown as Record<string, unknown>,
      };
    },
  );
  return server;
}

const sessions = new Map<string, NodeStreamableHTTPServerTransport>();

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const sessionId = req.headers['mcp-session-id'];
  if (typeof sessionId === 'string') {
    const transport = sessions.get(sessionId);
    if (!transport) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"unknown session"}');
      return;
    }
    return transport.handleRequest(req, res);
  }
  // No session yet: the transport itself refuses anything but initialize.
  const transport = new NodeStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
    onsessioninitialized: (id) => void sessions.set(id, transport),
    onsessionclosed: (id) => void sessions.delete(id),
  });
  await buildServer().connect(transport);
  await transport.handleRequest(req, res);
}

const httpServer = http.createServer((req, res) => {
  handle(req, res).catch((error: Error) => {
    if (!res.headersSent) res.writeHead(500).end(error.message);
    else res.end();
  });
});
httpServer.keepAliveTimeout = 65_000;
httpServer.listen(Number(process.env.FLOOR_PORT ?? 0), '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  process.stdout.write(`floor listening on http://127.0.0.1:${port}/mcp/\n`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    agent.destroy();
    httpServer.closeAllConnections();
    httpServer.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}
