import type { ServerResponse } from 'node:http';
import { JsonRpcHttpError } from './json-rpc-body';

/** Writes a JSON-RPC error with no id as a plain HTTP answer (used before any MCP handler runs). */
export function answerJsonRpcError(
  res: ServerResponse,
  httpStatus: number,
  rpcCode: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: rpcCode, message }, id: null });
  res.writeHead(httpStatus, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
}

export function answerHttpError(res: ServerResponse, error: JsonRpcHttpError): void {
  answerJsonRpcError(res, error.httpStatus, error.rpcCode, error.message);
}
