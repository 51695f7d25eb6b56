import { All, Controller, Inject, Logger, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PANDA_MCP_CONFIG, PandaMcpConfig } from '@panda-mcp/config';
import { answerJsonRpcError, SseService, StreamableHttpService } from '@panda-mcp/mcp-transport';
import { LifecycleService } from '@panda-mcp/operations';
import type { ServerResponse } from 'node:http';

/** Resolves when the response has been written out (or the client went away). */
function responseDone(res: ServerResponse): Promise<void> {
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
  });
}

/**
 * The MCP endpoints Apache forwards: `/mcp/` (Streamable HTTP, or the SSE stream when transport = sse)
 * and `/messages/` (SSE message posts). Thin: the transport services own the protocol.
 */
@Controller()
export class McpController {
  private readonly logger = new Logger(McpController.name);

  constructor(
    @Inject(PANDA_MCP_CONFIG) private readonly config: PandaMcpConfig,
    private readonly streamable: StreamableHttpService,
    private readonly sse: SseService,
    private readonly lifecycle: LifecycleService,
  ) {}

  @All('mcp')
  async mcp(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.config.transport === 'sse') return this.guarded(res, () => this.sse.openStream(req, res));
    // A POST is in flight until its answer is written, so that shutdown waits for it; GET streams are not.
    if (req.method === 'GET') return this.guarded(res, () => this.streamable.handle(req, res));
    await this.lifecycle.track(() =>
      this.guarded(res, () => this.streamable.handle(req, res).then(() => responseDone(res))),
    );
  }

  @All('messages')
  async messages(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.config.transport !== 'sse') {
      return answerJsonRpcError(
        res,
        404,
        -32000,
        'Not Found: /messages/ is only served when transport = sse',
      );
    }
    const sessionId = typeof req.query.session_id === 'string' ? req.query.session_id : undefined;
    await this.guarded(res, () => this.sse.postMessage(req, res, sessionId));
  }

  /** A failure inside a transport must end this one response, never the process. */
  private async guarded(res: Response, serve: () => Promise<void>): Promise<void> {
    try {
      await serve();
    } catch (error) {
      this.logger.error(`MCP request failed: ${(error as Error).message}`, (error as Error).stack);
      if (!res.headersSent) answerJsonRpcError(res, 500, -32603, 'Internal error');
      else res.end();
    }
  }
}
