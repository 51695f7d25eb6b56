/**
 * A refusal of an MCP HTTP request, thrown by middleware, guards and services and answered by
 * JsonRpcExceptionFilter as a JSON-RPC error with no id and the given HTTP status.
 */
export class JsonRpcHttpError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly rpcCode: number,
    message: string,
    /** Extra answer headers, e.g. Retry-After on 503, Allow on 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = JsonRpcHttpError.name;
  }

  /** The JSON-RPC error answer; `id` is null unless the refused request is known. */
  toBody(id: string | number | null = null): {
    jsonrpc: '2.0';
    error: { code: number; message: string };
    id: string | number | null;
  } {
    return { jsonrpc: '2.0', error: { code: this.rpcCode, message: this.message }, id };
  }
}

/** -32000 is the JSON-RPC server-error code MCP transports use for HTTP-level refusals. */
export const TRANSPORT_ERROR = -32000;
export const SESSION_NOT_FOUND = -32001;
