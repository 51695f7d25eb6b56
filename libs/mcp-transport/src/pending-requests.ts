import { Injectable } from '@nestjs/common';
import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import { answerJsonRpcError } from './json-rpc-exception.filter';
import { JsonRpcHttpError, SESSION_NOT_FOUND } from './json-rpc-http.error';
import type { McpSession } from './session-registry.service';

type RequestId = string | number;
type Session = McpSession<NodeStreamableHTTPServerTransport>;

function jsonRpcIdOf(body: Record<string, unknown> | undefined): RequestId | undefined {
  if (!body || typeof body.method !== 'string') return undefined;
  return typeof body.id === 'string' || typeof body.id === 'number' ? body.id : undefined;
}

function cancelledIdOf(body: Record<string, unknown> | undefined): RequestId | undefined {
  if (body?.method !== 'notifications/cancelled') return undefined;
  const id = (body.params as { requestId?: unknown } | undefined)?.requestId;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/**
 * The 2025-era POSTs of a session that wait for their JSON answer. With JSON responses the SDK answers a
 * POST only when its request is answered, so every way a request can end without an answer is closed
 * here: a duplicate id in flight is refused (else the second caller would get the first one's answer);
 * a cancelled request's POST ends empty (204), as the protocol wants no response for it; a client that
 * goes away cancels its request (so the PanDA call stops too); a session closed with requests pending
 * (DELETE, idle sweep, shutdown) answers each of them with an error.
 */
@Injectable()
export class PendingRequests {
  admit(session: Session, body: Record<string, unknown> | undefined, res: ServerResponse): void {
    const cancelled = cancelledIdOf(body);
    if (cancelled !== undefined) {
      // After the SDK has seen the cancellation (and aborted the handler), end the waiting POST.
      res.once('finish', () => this.endCancelled(session, cancelled));
      return;
    }
    const id = jsonRpcIdOf(body);
    if (id === undefined) return;
    if (session.pending.has(id)) {
      throw new JsonRpcHttpError(
        409,
        -32600,
        `Invalid Request: request id ${JSON.stringify(id).slice(0, 64)} is already in flight on this session; use a new id`,
      );
    }
    session.pending.set(id, res);
    res.once('close', () => {
      if (session.pending.get(id) === res) session.pending.delete(id);
      if (!res.writableFinished) this.cancel(session, id, 'the client closed the connection');
    });
  }

  /** Answers every POST still waiting on a session that is closing. */
  endAll(session: Session): void {
    const closed = new JsonRpcHttpError(
      404,
      SESSION_NOT_FOUND,
      'Session closed before this request was answered',
    );
    for (const [id, res] of session.pending) answerJsonRpcError(res, closed, id);
    session.pending.clear();
  }

  private endCancelled(session: Session, id: RequestId): void {
    const res = session.pending.get(id);
    if (!res) return;
    session.pending.delete(id);
    session.transport.closeSSEStream(id);
    if (!res.headersSent) res.writeHead(204).end();
  }

  /** Tells the session's server that the request is cancelled, as the client would have. */
  private cancel(session: Session, id: RequestId, reason: string): void {
    session.transport.closeSSEStream(id);
    const cancellation: JSONRPCMessage = {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: id, reason },
    };
    session.transport.onmessage?.(cancellation);
  }
}
