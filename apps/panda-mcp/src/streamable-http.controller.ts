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
    // A POST is in flight until its answer is written (or its client went away), so that shutdown waits
    // for it; GET streams are not. A POST may be ended by someone else (cancellation, session closed)
    // while the SDK still waits for an answer that will never come: the response decides.
    if (req.method !== 'POST') return this.streamable.handle(req, res);
    await this.lifecycle.track(async () => {
      const handled = this.streamable.handle(req, res);
      handled.catch(() => undefined);
      await Promise.race([handled, responseDone(res)]);
    });
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
