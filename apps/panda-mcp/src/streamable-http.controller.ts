import { All, Controller, Req, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import {
  JsonRpcHttpError,
  McpEdge,
  McpHttpRequest,
  OpensSession,
  StreamableHttpService,
  TRANSPORT_ERROR,
} from '@panda-mcp/mcp-transport';
import { LifecycleService } from '@panda-mcp/operations';
import { responseDone } from './response-done';

/**
 * `transport = streamable-http`: `/mcp/` serves both protocol eras (Apache forwards `/mcp/`). Thin: the
 * edge (McpEdge) admits and attaches the caller's auth, the transport service owns the protocol.
 */
@Controller()
@McpEdge()
export class StreamableHttpController {
  constructor(
    private readonly streamable: StreamableHttpService,
    private readonly lifecycle: LifecycleService,
  ) {}

  @All('mcp')
  @OpensSession('initialize')
  async mcp(@Req() req: McpHttpRequest, @Res() res: ServerResponse): Promise<void> {
    // A POST is in flight until its answer is written, so that shutdown waits for it; GET streams are not.
    if (req.method !== 'POST') return this.streamable.handle(req, res);
    await this.lifecycle.track(() => this.streamable.handle(req, res).then(() => responseDone(res)));
  }

  @All('messages')
  messages(): never {
    throw new JsonRpcHttpError(
      404,
      TRANSPORT_ERROR,
      'Not Found: /messages/ is only served when transport = sse',
    );
  }
}
