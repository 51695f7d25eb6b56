import { All, Controller, Inject, Logger, Req, Res } from '@nestjs/common';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { answerJsonRpcError, SseService, StreamableHttpService } from '@panda-mcp/mcp-transport';
import { LifecycleService } from '@panda-mcp/operations';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Resolves when the response has been written out (or the client went away). */
function responseDone(res: ServerResponse): Promise<void> {
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
  });
}

/** The paths served by McpController, also on the fast path in front of Express (see bootstrap). */
export type McpRoute = 'mcp' | 'messages';

export function mcpRouteOf(url: string | undefined): McpRoute | undefined {
  const path = (url ?? '').split('?', 1)[0];
  if (path === '/mcp' || path === '/mcp/') return 'mcp';
  if (path === '/messages' || path === '/messages/') return 'messages';
  return undefined;
}

/**
 * The MCP endpoints Apache forwards: `/mcp/` (Streamable HTTP, or the SSE stream when transport = sse)
 * and `/messages/` (SSE message posts). Thin: the transport services own the protocol. It works on plain
 * Node requests, so bootstrap can also call it ahead of Express (decision 11).
 */
@Controller()
export class McpController {
  private readonly logger = new Logger(McpController.name);

  constructor(
    @Inject(pandaMcpConfig.KEY) private readonly config: PandaMcpConfig,
    private readonly streamable: StreamableHttpService,
    private readonly sse: SseService,
    private readonly lifecycle: LifecycleService,
  ) {}

  /** Serves one request for one of the two routes. */
  serve(route: McpRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
    return route === 'mcp' ? this.mcp(req, res) : this.messages(req, res);
  }

  @All('mcp')
  async mcp(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    if (this.config.transport === 'sse') return this.guarded(res, () => this.sse.openStream(req, res));
    // A POST is in flight until its answer is written, so that shutdown waits for it; GET streams are not.
    if (req.method === 'GET') return this.guarded(res, () => this.streamable.handle(req, res));
    await this.lifecycle.track(() =>
      this.guarded(res, () => this.streamable.handle(req, res).then(() => responseDone(res))),
    );
  }

  @All('messages')
  async messages(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    if (this.config.transport !== 'sse') {
      return answerJsonRpcError(
        res,
        404,
        -32000,
        'Not Found: /messages/ is only served when transport = sse',
      );
    }
    const sessionId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('session_id') ?? undefined;
    await this.guarded(res, () => this.sse.postMessage(req, res, sessionId));
  }

  /** A failure inside a transport must end this one response, never the process. */
  private async guarded(res: ServerResponse, serve: () => Promise<void>): Promise<void> {
    try {
      await serve();
    } catch (error) {
      this.logger.error(`MCP request failed: ${(error as Error).message}`, (error as Error).stack);
      if (!res.headersSent) answerJsonRpcError(res, 500, -32603, 'Internal error');
      else res.end();
    }
  }
}
