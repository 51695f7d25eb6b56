import { All, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import {
  JsonRpcHttpError,
  McpEdge,
  McpHttpRequest,
  OpensSession,
  SseService,
  TRANSPORT_ERROR,
} from '@panda-mcp/mcp-transport';

/**
 * `transport = sse` (2024-11-05): GET `/mcp/` opens a session stream, POST `/messages/?session_id=...`
 * carries its messages, as PanDA's Apache configuration forwards them.
 */
@Controller()
@McpEdge()
export class SseController {
  constructor(private readonly sse: SseService) {}

  @Get('mcp')
  @OpensSession('every-request')
  open(@Req() req: McpHttpRequest, @Res() res: ServerResponse): Promise<void> {
    return this.sse.openStream(req, res);
  }

  @All('mcp')
  openWithOtherMethod(): never {
    throw new JsonRpcHttpError(405, TRANSPORT_ERROR, 'Method Not Allowed: open the SSE stream with GET', {
      Allow: 'GET',
    });
  }

  @Post('messages')
  post(
    @Req() req: McpHttpRequest,
    @Res() res: ServerResponse,
    @Query('session_id') sessionId: unknown,
  ): void {
    this.sse.postMessage(req, res, typeof sessionId === 'string' && sessionId ? sessionId : undefined);
  }

  @All('messages')
  postWithOtherMethod(): never {
    throw new JsonRpcHttpError(405, TRANSPORT_ERROR, 'Method Not Allowed: POST messages here', {
      Allow: 'POST',
    });
  }
}
