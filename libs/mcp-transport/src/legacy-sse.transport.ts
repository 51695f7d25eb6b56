import type { ServerResponse } from 'node:http';
import type { AuthInfo, JSONRPCMessage, MessageExtraInfo, Transport } from '@modelcontextprotocol/server';

type RequestId = string | number;
const isRequestId = (id: unknown): id is RequestId => typeof id === 'string' || typeof id === 'number';

/**
 * The 2024-11-05 HTTP+SSE transport, which SDK v2 no longer ships: a long-lived GET stream that first
 * announces where to POST (`event: endpoint`), then carries every server message as `event: message`.
 * Each POSTed message is delivered with the auth info of the POST that carried it, so tools use that
 * request's credentials rather than the stream's.
 */
/**
 * Most bytes an SSE stream may have waiting for a client that does not read: past it the client is
 * disconnected (it can reconnect), so a stuck reader cannot make the service buffer without bound.
 */
export const MAX_SSE_BACKLOG_BYTES = 8 * 1024 * 1024;

export class LegacySseTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private keepAlive?: NodeJS.Timeout;
  private closed = false;
  /** Requests delivered and not answered yet, by id (with a count, should a client reuse an id). */
  private readonly unanswered = new Map<RequestId, number>();

  constructor(
    readonly sessionId: string,
    private readonly res: ServerResponse,
    private readonly endpointUrl: string,
    private readonly keepAliveMs = 15_000,
  ) {}

  async start(): Promise<void> {
    this.res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies (Apache mod_proxy, nginx) must pass events through at once.
      'X-Accel-Buffering': 'no',
    });
    this.res.write(`event: endpoint\ndata: ${this.endpointUrl}\n\n`);
    this.res.on('close', () => void this.close());
    if (this.keepAliveMs > 0) {
      this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), this.keepAliveMs);
      this.keepAlive.unref();
    }
  }

  /**
   * Requests of this session whose answer has not gone out on the stream yet. Their POSTs were answered
   * 202 at once, so this, not a waiting HTTP response, is what keeps the session from counting as idle.
   */
  get requestsInFlight(): number {
    let count = 0;
    for (const n of this.unanswered.values()) count += n;
    return count;
  }

  /** Hands one POSTed message to the server, with the auth info of the HTTP request that carried it. */
  deliver(message: JSONRPCMessage, authInfo: AuthInfo | undefined): void {
    if (this.closed) throw new Error('SSE session is closed');
    const { method, id, params } = message as { method?: unknown; id?: unknown; params?: unknown };
    if (typeof method === 'string' && isRequestId(id)) {
      this.unanswered.set(id, (this.unanswered.get(id) ?? 0) + 1);
    } else if (method === 'notifications/cancelled') {
      // the server sends no answer for a cancelled request
      const cancelled = (params as { requestId?: unknown } | undefined)?.requestId;
      if (isRequestId(cancelled)) this.unanswered.delete(cancelled);
    }
    this.onmessage?.(message, { authInfo });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    // an answer (result or error) to one of the client's requests: it has an id and no method
    const { method, id } = message as { method?: unknown; id?: unknown };
    if (method === undefined && isRequestId(id)) {
      const left = (this.unanswered.get(id) ?? 1) - 1;
      if (left > 0) this.unanswered.set(id, left);
      else this.unanswered.delete(id);
    }
    if (this.closed) throw new Error('SSE stream is closed');
    if (!this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`)) {
      throw new Error('SSE client does not read its stream; disconnected');
    }
  }

  /** Writes to the stream unless the client's backlog is past the bound, in which case it is cut off. */
  private write(text: string): boolean {
    if (this.closed) return false;
    // The backlog before this write counts: one large answer may go out, a pile of unread ones may not.
    if (this.res.writableLength > MAX_SSE_BACKLOG_BYTES) {
      this.res.destroy();
      void this.close();
      return false;
    }
    this.res.write(text);
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.keepAlive) clearInterval(this.keepAlive);
    if (!this.res.writableEnded) this.res.end();
    this.onclose?.();
  }
}
