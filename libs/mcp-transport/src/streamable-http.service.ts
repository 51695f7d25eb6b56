import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  classifyInboundRequest,
  createMcpHandler,
  isInitializeRequest,
  McpHttpHandler,
} from '@modelcontextprotocol/server';
import {
  NodeMcpRequestHandler,
  NodeStreamableHTTPServerTransport,
  toNodeHandler,
} from '@modelcontextprotocol/node';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { readHeader } from '@panda-mcp/panda-client';
import { MetricsService } from '@panda-mcp/operations';
import { JsonRpcHttpError, SESSION_NOT_FOUND, TRANSPORT_ERROR } from './json-rpc-http.error';
import { McpHttpRequest } from './mcp-http-request';
import { callerOf, toolViewOf } from './auth-context.interceptor';
import { DestructiveConfirmation } from './destructive-confirmation.service';
import { McpServerFactory } from './mcp-server.factory';
import { PendingRequests } from './pending-requests';
import { McpSession, SessionRegistry } from './session-registry.service';

const SESSION_HEADER = 'mcp-session-id';

/** The initialize request declares the elicitation capability. */
function declaresElicitation(body: Record<string, unknown> | undefined): boolean {
  const params = body?.params as { capabilities?: { elicitation?: unknown } } | undefined;
  return typeof params?.capabilities?.elicitation === 'object' && params.capabilities.elicitation !== null;
}

/**
 * Streamable HTTP on one URL for both protocol eras. 2026-07-28 requests (per-request `_meta` envelope)
 * go to the SDK's stateless modern handler; 2025-era traffic (initialize, Mcp-Session-Id, GET stream,
 * DELETE) goes to a session from the SessionRegistry. The SDK's own classifier decides which is which.
 * Requests arrive through the Nest edge: admitted, body parsed (`req.body`), auth attached (`req.auth`).
 */
@Injectable()
export class StreamableHttpService implements OnModuleDestroy {
  private readonly logger = new Logger(StreamableHttpService.name);
  private readonly modern: McpHttpHandler;
  private readonly modernNode: NodeMcpRequestHandler;
  /** session_mode = stateless: the SDK serves 2025-era requests one by one too, keeping nothing. */
  private readonly stateless: boolean;

  constructor(
    @Inject(pandaMcpConfig.KEY) config: PandaMcpConfig,
    private readonly servers: McpServerFactory,
    private readonly sessions: SessionRegistry,
    private readonly metrics: MetricsService,
    private readonly pendingRequests: PendingRequests,
    private readonly confirmation: DestructiveConfirmation,
  ) {
    this.stateless = config.sessionMode === 'stateless';
    // one fresh server per request; in stateless mode a 2025-era request's view comes from its own headers
    this.modern = createMcpHandler(() => this.servers.create(), {
      legacy: this.stateless ? 'stateless' : 'reject',
      maxRequestBodySize: config.maxBodySize,
      onerror: (error) => this.logger.debug(`modern request refused: ${error.message}`),
    });
    this.modernNode = toNodeHandler(this.modern);
  }

  async handle(req: McpHttpRequest, res: ServerResponse): Promise<void> {
    const body = req.body;
    // A session id only exists in the 2025 era, so the hot path of a session skips classification.
    // Otherwise the SDK's own classifier decides, on the body already parsed (no re-serialising).
    const legacy =
      req.headers[SESSION_HEADER] !== undefined ||
      classifyInboundRequest({
        httpMethod: req.method ?? 'GET',
        protocolVersionHeader: readHeader(req.headers, 'mcp-protocol-version'),
        mcpMethodHeader: readHeader(req.headers, 'mcp-method'),
        mcpNameHeader: readHeader(req.headers, 'mcp-name'),
        body,
      }).kind === 'legacy';
    this.metrics.request(legacy ? '2025' : '2026-07-28');
    if (!legacy || this.stateless) return this.modernNode(req, res, body);
    return this.handleLegacy(req, res, body);
  }

  private async handleLegacy(
    req: McpHttpRequest,
    res: ServerResponse,
    body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const sessionId = readHeader(req.headers, SESSION_HEADER);
    const owner = callerOf(req.auth);
    if (sessionId) {
      const session = this.sessions.touch<NodeStreamableHTTPServerTransport>(
        sessionId,
        'streamable-http',
        owner,
      );
      if (!session) {
        throw new JsonRpcHttpError(
          404,
          SESSION_NOT_FOUND,
          'Session not found: start a new session with initialize',
        );
      }
      this.pendingRequests.admit(session, body, res);
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      throw new JsonRpcHttpError(
        400,
        TRANSPORT_ERROR,
        'Bad Request: 2025-era requests need an Mcp-Session-Id header; open a session with initialize first',
      );
    }
    // a 2025-era session sees the tools its initialize's headers chose, for its whole life
    const server = this.servers.create(toolViewOf(req.auth), '2025');
    let session: McpSession<NodeStreamableHTTPServerTransport> | undefined;
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // JSON answers (decision 7), except where a destructive call may ask its person: a question sent
      // during a tools/call reaches the client only on that call's SSE answer
      enableJsonResponse: !(this.confirmation.mode !== 'off' && declaresElicitation(body)),
      onsessioninitialized: (id) => {
        session = this.sessions.add({ id, kind: 'streamable-http', owner, transport, server });
      },
      onsessionclosed: (id) => this.sessions.forget(id),
    });
    // Set before connect: the server chains its own close handling onto this one.
    transport.onclose = () => {
      if (!session) return;
      this.pendingRequests.endAll(session);
      this.sessions.forget(session.id);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async onModuleDestroy(): Promise<void> {
    await this.modern.close();
  }
}
