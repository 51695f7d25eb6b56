/**
 * What the two floor servers share: the upstream GET, the one tool, the node:http server with its
 * session map, and shutdown. Each floor entry file only names its SDK's `McpServer` and Streamable HTTP
 * transport classes (bench/floor-server.ts: SDK v1, the floor; bench/floor-server-v2.ts: SDK v2).
 *
 * Env: FLOOR_UPSTREAM (panda-sim's API base, e.g. http://127.0.0.1:1234/api/v1), FLOOR_PORT (0 = any).
 * Prints `floor listening on http://127.0.0.1:<port>/mcp/` when ready; stops on SIGTERM/SIGINT.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool result, as both SDK lines type it (data as text, the PanDA envelope as structuredContent). */
export interface FloorToolResult {
  [key: string]: unknown;
  isError?: boolean;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
}

/** The options both transports take (a subset of StreamableHTTPServerTransportOptions). */
export interface FloorTransportOptions {
  sessionIdGenerator: () => string;
  enableJsonResponse: boolean;
  onsessioninitialized: (id: string) => void;
  onsessionclosed: (id: string) => void;
}

export interface FloorTransport {
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
}

/** The part of `McpServer` the floor uses; v1's and v2's classes both fit. */
export interface FloorMcpServer<T extends FloorTransport> {
  registerTool(
    name: string,
    config: { description: string; annotations: { readOnlyHint: boolean } },
    handler: () => Promise<FloorToolResult>,
  ): unknown;
  connect(transport: NoInfer<T>): Promise<void>;
}

export interface FloorSdk<T extends FloorTransport> {
  McpServer: new (info: { name: string; version: string }) => FloorMcpServer<T>;
  Transport: new (options: FloorTransportOptions) => T;
}

/** Starts a floor server on node:http with the given SDK classes (one 2025-era session per initialize). */
export function runFloor<T extends FloorTransport>(sdk: FloorSdk<T>): void {
  const upstream = process.env.FLOOR_UPSTREAM;
  if (!upstream) throw new Error('FLOOR_UPSTREAM is required');
  const isAliveUrl = `${upstream.replace(/\/+$/, '')}/system/is_alive`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16 });

  const getText = (url: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const options = { agent, headers: { accept: 'application/json' }, timeout: 60_000 };
      const req = http.get(url, options, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('upstream timeout')));
      req.on('error', reject);
    });

  const isAlive = async (): Promise<FloorToolResult> => {
    const { status, text } = await getText(isAliveUrl);
    if (status !== 200) return { isError: true, content: [{ type: 'text', text: `HTTP ${status}` }] };
    const envelope = JSON.parse(text) as { success: boolean; message?: string; data?: unknown };
    return {
      isError: !envelope.success,
      content: [{ type: 'text', text: JSON.stringify(envelope.data ?? null) }],
      structuredContent: envelope as unknown as Record<string, unknown>,
    };
  };

  const sessions = new Map<string, T>();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
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
    const transport: T = new sdk.Transport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => void sessions.set(id, transport),
      onsessionclosed: (id) => void sessions.delete(id),
    });
    const server = new sdk.McpServer({ name: 'bench-floor', version: '1.0.0' });
    server.registerTool(
      'system_is_alive',
      { description: 'Checks that PanDA answers.', annotations: { readOnlyHint: true } },
      isAlive,
    );
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };

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
}
