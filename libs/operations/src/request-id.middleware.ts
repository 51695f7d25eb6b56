import { Injectable, NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Printable ASCII without spaces, at most 128 characters: safe in a log line and in a header. */
const ACCEPTED_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** pino-http declares `IncomingMessage.id`; this module works with or without that declaration. */
type IdentifiedRequest = IncomingMessage & { id?: unknown };

/**
 * The request id of this HTTP request, decided once: the caller's `X-Request-Id` when it is printable
 * and at most 128 characters, else a new UUID. It is answered in `X-Request-Id`, put on every log line of
 * the request (pino-http's genReqId calls this too, so both see the same id whichever runs first), and
 * sent to PanDA.
 */
export function requestIdOf(req: IdentifiedRequest, res: ServerResponse): string {
  if (typeof req.id === 'string' && req.id) return req.id;
  const inbound = req.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(inbound) ? inbound[0] : inbound;
  const id = candidate && ACCEPTED_REQUEST_ID.test(candidate) ? candidate : randomUUID();
  req.id = id;
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}

/** Gives every request its id before anything else looks at it. */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware<IdentifiedRequest, ServerResponse> {
  use(req: IdentifiedRequest, res: ServerResponse, next: () => void): void {
    requestIdOf(req, res);
    next();
  }
}
