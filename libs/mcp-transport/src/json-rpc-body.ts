import type { IncomingMessage } from 'node:http';
import secureJsonParse from 'secure-json-parse';
import { JsonRpcHttpError } from './json-rpc-http.error';

/** Deeper JSON than this is refused before any handler sees it (MCP messages are shallow). */
export const MAX_JSON_DEPTH = 64;

/** Reads the whole body, refusing with 413 as soon as it grows past maxBytes. */
export function readBodyText(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        req.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}

function tooLarge(maxBytes: number): JsonRpcHttpError {
  return new JsonRpcHttpError(413, -32600, `Request body too large: the limit is ${maxBytes} bytes`);
}

function depthOf(value: unknown, limit: number): number {
  // Iterative, so that a hostile document cannot blow the stack while we measure it.
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Parses a JSON-RPC body: malformed JSON -> 400/-32700, `__proto__`/`constructor.prototype` keys are
 * removed, too deep -> 400, batches and non-JSON-RPC shapes -> 400/-32600. The caller hands the parsed
 * value on, so nothing downstream parses the raw text again.
 */
export function parseJsonRpcBody(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = secureJsonParse.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch (error) {
    throw new JsonRpcHttpError(
      400,
      -32700,
      `Parse error: the body is not valid JSON (${(error as Error).message})`,
    );
  }
  if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new JsonRpcHttpError(
      400,
      -32600,
      `Invalid Request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  if (Array.isArray(value)) {
    throw new JsonRpcHttpError(
      400,
      -32600,
      'Invalid Request: JSON-RPC batches are not supported; send one message per request',
    );
  }
  if (value === null || typeof value !== 'object') {
    throw new JsonRpcHttpError(400, -32600, 'Invalid Request: expected a JSON-RPC 2.0 message object');
  }
  const message = value as Record<string, unknown>;
  const isRequestOrNotification = typeof message.method === 'string';
  const isResponse = 'result' in message || 'error' in message;
  if (message.jsonrpc !== '2.0' || (!isRequestOrNotification && !isResponse)) {
    throw new JsonRpcHttpError(
      400,
      -32600,
      'Invalid Request: expected {"jsonrpc": "2.0", "method": ...} (or a response with "result"/"error")',
    );
  }
  if ('id' in message && !['string', 'number'].includes(typeof message.id) && message.id !== null) {
    throw new JsonRpcHttpError(400, -32600, 'Invalid Request: "id" must be a string or a number');
  }
  return message;
}
