import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { requestIdOf } from '@panda-mcp/operations';
import { JsonRpcHttpError } from './json-rpc-http.error';
import { McpHttpRequest } from './mcp-http-request';

/**
 * Turns whatever an MCP route throws into a JSON-RPC error answer with the right HTTP status, and logs
 * every refusal with its status and reason (method and path only: no query, no headers, never a token).
 * Protocol refusals (JsonRpcHttpError) keep their status and code; Nest HTTP exceptions keep their
 * status; anything else is a -32603 internal error, logged with its stack. Used on the MCP controllers
 * and on the body middleware, so a refusal looks the same wherever it happens.
 */
@Catch()
export class JsonRpcExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('McpEdge');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<McpHttpRequest>();
    const res = http.getResponse<ServerResponse>();
    const refusal = this.toRefusal(exception);
    const line = {
      msg: 'mcp request refused',
      requestId: requestIdOf(req, res),
      method: req.method,
      path: req.path ?? (req.url ?? '').split('?', 1)[0].slice(0, 200),
      status: refusal.httpStatus,
      rpcCode: refusal.rpcCode,
      reason: refusal.message,
    };
    if (refusal.httpStatus >= 500 && !(exception instanceof JsonRpcHttpError)) {
      this.logger.error({ ...line, error: (exception as Error)?.message }, (exception as Error)?.stack);
    } else {
      this.logger.warn(line);
    }
    answerJsonRpcError(res, refusal);
  }

  private toRefusal(exception: unknown): JsonRpcHttpError {
    if (exception instanceof JsonRpcHttpError) return exception;
    if (exception instanceof HttpException) {
      return new JsonRpcHttpError(exception.getStatus(), -32000, exception.message);
    }
    return new JsonRpcHttpError(500, -32603, 'Internal error');
  }
}

/** Writes the refusal; when an answer has already started, the only honest thing left is to end it. */
export function answerJsonRpcError(
  res: ServerResponse,
  error: JsonRpcHttpError,
  id: string | number | null = null,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(error.httpStatus, { 'Content-Type': 'application/json', ...error.headers });
  res.end(JSON.stringify(error.toBody(id)));
}
