import { Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { toWebRequest } from '@modelcontextprotocol/node';
import { MetricsService } from '@panda-mcp/operations';
import { answerJsonRpcError } from './http-answers';
import { LegacySseTransport } from './legacy-sse.transport';
import { McpServerFactory } from './mcp-server.factory';
import { RequestGuard } from './request-guard.service';
import { SessionRegistry } from './session-registry.service';

/** Where clients POST, as the reference server and PanDA's Apache configuration expect. */
export const SSE_MESSAGES_PATH = '/messages/';

/** `transport = sse`: GET /mcp/ opens a session stream, POST /messages/?session_id=... carries messages. */
@Injectable()
export class SseService {
  private readonly logger = new Logger(SseService.name);

  constructor(
    private readonly servers: McpServerFactory,
    private readonly sessions: SessionRegistry,
    private readonly guard: RequestGuard,
    private readonly metrics: MetricsService,
  ) {}

  async openStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.guard.admit(req, res)) return;
    if (req.method !== 'GET') {
      return answerJsonRpcError(res, 405, -32000, 'Method Not Allowed: open the SSE stream with GET', {
        Allow: 'GET',
      });
    }
    if (!this.sessions.hasRoom()) return this.guard.refuseNewSession(res);
    const id = randomUUID().replace(/-/g, '');
    const transport = new LegacySseTransport(id, res, `${SSE_MESSAGES_PATH}?session_id=${id}`);
    const server = this.servers.create();
    transport.onclose = () => this.sessions.forget(id);
    this.sessions.add({ id, kind: 'sse', transport, server });
    await server.connect(transport);
  }

  async postMessage(req: IncomingMessage, res: ServerResponse, sessionId: string | undefined): Promise<void> {
    if (!this.guard.admit(req, res)) return;
    this.metrics.request('2024-11-05');
    if (req.method !== 'POST') {
      return answerJsonRpcError(res, 405, -32000, 'Method Not Allowed: POST messages here', {
        Allow: 'POST',
      });
    }
    if (!sessionId)
      return answerJsonRpcError(res, 400, -32000, 'Bad Request: session_id query parameter is missing');
    const session = this.sessions.touch<LegacySseTransport>(sessionId, 'sse');
    if (!session) return answerJsonRpcError(res, 404, -32001, 'Session not found: open a new SSE stream');
    const body = await this.guard.readMessage(req, res);
    if (!body) return;
    try {
      session.transport.deliver(body as JSONRPCMessage, await toWebRequest(req, body));
    } catch (error) {
      this.logger.debug(`SSE delivery failed: ${(error as Error).message}`);
      return answerJsonRpcError(res, 404, -32001, 'Session not found: the SSE stream is closed');
    }
    res.writeHead(202, { 'Content-Type': 'text/plain' });
    res.end('Accepted');
  }
}
