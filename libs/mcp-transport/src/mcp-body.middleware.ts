import { Inject, Injectable, NestMiddleware, UseFilters } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { JsonRpcExceptionFilter } from './json-rpc-exception.filter';
import { parseJsonRpcBody, readBodyText } from './json-rpc-body';
import { McpHttpRequest } from './mcp-http-request';

/**
 * Reads and limits the body of MCP POSTs before any guard runs (the admission guard needs to know
 * whether a message is `initialize`): byte limit (413), well-formed JSON (-32700), no prototype keys,
 * bounded depth, no batches. The parsed message goes to `req.body`, so nothing parses it again.
 */
@Injectable()
@UseFilters(new JsonRpcExceptionFilter())
export class McpBodyMiddleware implements NestMiddleware<McpHttpRequest, ServerResponse> {
  private readonly maxBodySize: number;

  constructor(@Inject(pandaMcpConfig.KEY) config: PandaMcpConfig) {
    this.maxBodySize = config.maxBodySize;
  }

  async use(req: McpHttpRequest, _res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    // Nest binds a middleware once per matching route (e.g. `@Post` and a 405 `@All` on one path): read once.
    if (req.method === 'POST' && req.body === undefined) {
      req.body = parseJsonRpcBody(await readBodyText(req, this.maxBodySize));
    }
    next();
  }
}
