import {
  JSONRPCMessage,
  SSEClientTransport,
  SseError,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import type { McpTransportKind } from '@panda-mcp/common';
import type { HttpFetch } from './http-fetch.factory';
import { MessageChannel, RemoteChannelFactory, RemoteHttpError } from './mcp-bridge.service';

/** Streamable HTTP: the SDK's transport already rejects with an error carrying `status`. */
class StreamableChannel implements MessageChannel {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly transport: StreamableHTTPClientTransport;

  constructor(url: URL, fetch: HttpFetch) {
    this.transport = new StreamableHTTPClientTransport(url, { fetch });
    this.transport.onmessage = (message) => this.onmessage?.(message);
    this.transport.onclose = () => this.onclose?.();
    this.transport.onerror = (error) => this.onerror?.(error);
  }

  start(): Promise<void> {
    return this.transport.start();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.transport.send(message);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  setProtocolVersion(version: string): void {
    this.transport.setProtocolVersion(version);
  }

  async terminate(): Promise<void> {
    if (this.transport.sessionId) await this.transport.terminateSession();
  }
}

/**
 * The 2024-11-05 SSE transport. Its POST failures are plain errors with the status in the text, made
 * into RemoteHttpError here; and a broken stream closes the channel (instead of letting EventSource
 * reconnect into a new, uninitialized session), so that the bridge replays the handshake.
 */
class SseChannel implements MessageChannel {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly transport: SSEClientTransport;
  private closed = false;

  constructor(url: URL, fetch: HttpFetch) {
    this.transport = new SSEClientTransport(url, { fetch });
    this.transport.onmessage = (message) => this.onmessage?.(message);
    this.transport.onclose = () => {
      this.closed = true;
      this.onclose?.();
    };
    this.transport.onerror = (error) => {
      this.onerror?.(error);
      if (error instanceof SseError && !this.closed) void this.close();
    };
  }

  async start(): Promise<void> {
    try {
      await this.transport.start();
    } catch (error) {
      const status = (error as { code?: unknown }).code;
      if (typeof status === 'number' && status >= 400) {
        throw new RemoteHttpError(status, `cannot open the SSE stream (HTTP ${status})`);
      }
      throw error;
    }
  }

  async send(message: JSONRPCMessage): Promise<void> {
    try {
      await this.transport.send(message);
    } catch (error) {
      const status = /\(HTTP (\d{3})\)/.exec((error as Error).message ?? '')?.[1];
      if (status) throw new RemoteHttpError(Number(status), (error as Error).message);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  setProtocolVersion(version: string): void {
    this.transport.setProtocolVersion(version);
  }
}

/** Remote connections over the official v2 client transports, each request through `fetch`. */
export class SdkRemoteChannelFactory implements RemoteChannelFactory {
  constructor(
    private readonly url: URL,
    private readonly fetch: HttpFetch,
  ) {}

  open(kind: McpTransportKind): MessageChannel {
    return kind === 'sse'
      ? new SseChannel(this.url, this.fetch)
      : new StreamableChannel(this.url, this.fetch);
  }
}
