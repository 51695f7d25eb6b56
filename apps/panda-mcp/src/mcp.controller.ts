import { All, Controller, Inject, Logger, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PANDA_MCP_CONFIG, PandaMcpConfig } from '@panda-mcp/config';
import { answerJsonRpcError, SseService, StreamableHttpService } from '@panda-mcp/mcp-transport';

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
  ) {}

  @All('mcp')
  async mcp(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.guarded(res, () =>
      this.config.transport === 'sse' ? this.sse.openStream(req, res) : this.streamable.handle(req, res),
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
