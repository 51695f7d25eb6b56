import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { MetricsService } from '@panda-mcp/operations';
import { callerOf, toolViewOf } from './auth-context.interceptor';
import { JsonRpcHttpError, SESSION_NOT_FOUND, TRANSPORT_ERROR } from './json-rpc-http.error';
import { LegacySseTransport } from './legacy-sse.transport';
import { McpHttpRequest } from './mcp-http-request';
import { McpServerFactory } from './mcp-server.factory';
import { SessionRegistry } from './session-registry.service';

/** Where clients POST, as the reference server and PanDA's Apache configuration expect. */
export const SSE_MESSAGES_PATH = '/messages/';

/** `transport = sse`: GET /mcp/ opens a session stream, POST /messages/?session_id=... carries messages. */
@Injectable()
export class SseService {
  private readonly logger = new Logger(SseService.name);
  /** `.<route>` after every session id, for Apache's stickysession (balancer_route), or nothing. */
  private readonly routeSuffix: string;

  constructor(
    private readonly servers: McpServerFactory,
    private readonly sessions: SessionRegistry,
    private readonly metrics: MetricsService,
    @Inject(pandaMcpConfig.KEY) config: Pick<PandaMcpConfig, 'balancerRoute'>,
  ) {
    this.routeSuffix = config.balancerRoute ? `.${config.balancerRoute}` : '';
  }

  async openStream(req: McpHttpRequest, res: ServerResponse): Promise<void> {
    const owner = callerOf(req.auth);
    const id = `${randomUUID().replace(/-/g, '')}${this.routeSuffix}`;
    const transport = new LegacySseTransport(id, res, `${SSE_MESSAGES_PATH}?session_id=${id}`);
    // the stream's headers choose the tools it sees, for its whole life
    const server = this.servers.create(toolViewOf(req.auth), '2024-11-05');
    transport.onclose = () => this.sessions.forget(id);
    this.sessions.add({ id, kind: 'sse', owner, transport, server });
    await server.connect(transport);
  }

  postMessage(req: McpHttpRequest, res: ServerResponse, sessionId: string | undefined): void {
    this.metrics.request('2024-11-05');
    if (!sessionId) {
      throw new JsonRpcHttpError(400, TRANSPORT_ERROR, 'Bad Request: session_id query parameter is missing');
    }
    const owner = callerOf(req.auth);
    const session = this.sessions.touch<LegacySseTransport>(sessionId, 'sse', owner);
    if (!session)
      throw new JsonRpcHttpError(404, SESSION_NOT_FOUND, 'Session not found: open a new SSE stream');
    try {
      session.transport.deliver(req.body as JSONRPCMessage, req.auth);
    } catch (error) {
      this.logger.debug(`SSE delivery failed: ${(error as Error).message}`);
      throw new JsonRpcHttpError(404, SESSION_NOT_FOUND, 'Session not found: the SSE stream is closed');
    }
    res.writeHead(202, { 'Content-Type': 'text/plain' });
    res.end('Accepted');
  }
}
