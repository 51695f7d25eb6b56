import {
  isInitializedNotification,
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPCMessage,
  JSONRPCNotification,
  JSONRPCRequest,
} from '@modelcontextprotocol/server';
import type { McpTransportKind } from '@panda-mcp/common';
import { describeFetchError, LoginRequiredError, messageOf } from './cli.errors';

type RequestId = JSONRPCRequest['id'];

/** The part of the SDK's Transport the bridge uses, on both sides. */
export interface MessageChannel {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  start(): Promise<void>;
  /** Rejects on HTTP failures with an error that has a numeric `status`. */
  send(message: JSONRPCMessage): Promise<void>;
  close(): Promise<void>;
  setProtocolVersion?(version: string): void;
  /** Ends the remote session politely (Streamable HTTP DELETE), when the agent leaves. */
  terminate?(): Promise<void>;
}

/** Opens connections to the remote MCP service, with credentials injected per request. */
export interface RemoteChannelFactory {
  open(kind: McpTransportKind): MessageChannel;
}

/** The PanDA token, as CredentialsProvider hands it out. */
export interface BridgeCredentials {
  current(): Promise<string>;
  forceRefresh(failedToken: string | undefined): Promise<string>;
}

export type BridgeLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface BridgeOptions {
  /** `auto` starts with Streamable HTTP and falls back to SSE when the server only speaks that. */
  transport: McpTransportKind | 'auto';
  /** For messages: where the remote service is, and how to log in again. */
  remoteUrl: string;
  loginCommand: string;
  log: (level: BridgeLogLevel, message: string) => void;
  /** How long a replayed initialize may take. */
  handshakeTimeoutMs?: number;
}

/** An HTTP failure of the remote, with its status (what the bridge decides on). */
export class RemoteHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteHttpError';
  }
}

export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

interface Attempt {
  authRetried: boolean;
  sessionRetried: boolean;
}

interface PendingToolCall {
  message: JSONRPCRequest;
  /** The token this call went out with, so that a refusal refreshes exactly once. */
  token?: string;
  retried: boolean;
}

/** PanDA's words for a token it refused (expired, bad signature, wrong issuer), as the service passes them on. */
const PANDA_TOKEN_REFUSED = /Token authentication failed\. Invalid token/;

const isToolCall = (message: JSONRPCMessage): message is JSONRPCRequest =>
  isJSONRPCRequest(message) && message.method === 'tools/call';

function resultText(message: JSONRPCMessage): string {
  if (!isJSONRPCResultResponse(message)) return '';
  const content = (message.result as { content?: Array<{ type: string; text?: string }> }).content;
  return Array.isArray(content) ? content.map((block) => block.text ?? '').join('\n') : '';
}

/**
 * A stdio MCP server for the agent that forwards every JSON-RPC message to the remote panda-mcp
 * service and every answer back, unchanged. What it adds is credentials: a fresh PanDA token on every
 * request (refreshed before it expires, and once more when the server refuses it), a new remote
 * session when the server forgot ours (404 after a restart: the agent's initialize and initialized
 * are replayed, then the failed message is retried), and a clear "run panda-mcp login" when no token
 * can be had. The agent never notices a token expiry or a server restart.
 */
export class McpBridge {
  private remote?: MessageChannel;
  private connecting?: Promise<MessageChannel>;
  private kind: McpTransportKind;
  private fallbackAllowed: boolean;
  private initializeRequest?: JSONRPCRequest;
  private initializedNotification?: JSONRPCNotification;
  private readonly internal = new Map<RequestId, (message: JSONRPCMessage) => void>();
  private readonly toolCalls = new Map<RequestId, PendingToolCall>();
  private handshakes = 0;
  private anonymousNoted = false;
  private closing?: Promise<void>;
  private resolveDone!: () => void;
  private readonly doneSignal = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly agent: MessageChannel,
    private readonly remotes: RemoteChannelFactory,
    private readonly credentials: BridgeCredentials,
    private readonly options: BridgeOptions,
  ) {
    this.kind = options.transport === 'sse' ? 'sse' : 'streamable-http';
    this.fallbackAllowed = options.transport === 'auto';
  }

  async start(): Promise<void> {
    this.agent.onmessage = (message) => void this.fromAgent(message);
    this.agent.onclose = () => void this.close();
    this.agent.onerror = (error) => this.options.log('warn', `agent channel: ${messageOf(error)}`);
    await this.agent.start();
  }

  /** Resolves once the agent has gone and the remote session is closed. */
  done(): Promise<void> {
    return this.doneSignal;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const remote = this.remote;
      this.remote = undefined;
      if (remote) {
        await remote.terminate?.().catch(() => undefined);
        await remote.close().catch(() => undefined);
      }
      await this.agent.close().catch(() => undefined);
      this.resolveDone();
    })();
    return this.closing;
  }

  private async fromAgent(message: JSONRPCMessage): Promise<void> {
    if (isInitializeRequest(message)) this.initializeRequest = message as JSONRPCRequest;
    else if (isInitializedNotification(message)) this.initializedNotification = message;
    if (isToolCall(message)) this.toolCalls.set(message.id, { message, retried: false });
    if ((message as { method?: string }).method === 'notifications/cancelled') {
      // no answer will come for a cancelled call
      this.toolCalls.delete((message as { params?: { requestId?: RequestId } }).params?.requestId ?? '');
    }
    this.options.log('debug', `agent -> server: ${describe(message)}`);
    try {
      await this.forward(message, { authRetried: false, sessionRetried: false });
    } catch (error) {
      await this.fail(message, error);
    }
  }

  private async forward(message: JSONRPCMessage, attempt: Attempt): Promise<void> {
    let token: string | undefined;
    try {
      token = await this.credentials.current();
    } catch (error) {
      if (!(error instanceof LoginRequiredError)) throw error;
      // Only tool calls reach PanDA. The handshake and tools/list go on without a token, so that the
      // agent starts and shows the tools, and a call then says what to do.
      if (isToolCall(message)) return this.answerLoginRequired(message, error);
      if (!this.anonymousNoted) this.options.log('warn', error.message);
      this.anonymousNoted = true;
    }
    if (token) this.anonymousNoted = false;
    const pending = isToolCall(message) ? this.toolCalls.get(message.id) : undefined;
    if (pending) pending.token = token;

    const remote = await this.remoteFor(message);
    try {
      await remote.send(message);
    } catch (error) {
      const status = httpStatusOf(error);
      if (
        status === 404 &&
        !attempt.sessionRetried &&
        this.initializeRequest &&
        !isInitializeRequest(message)
      ) {
        this.options.log(
          'info',
          'the MCP server no longer knows this session (restarted?); starting a new one',
        );
        await this.reconnect(remote);
        return this.forward(message, { ...attempt, sessionRetried: true });
      }
      if ((status === 401 || status === 403) && !attempt.authRetried) {
        this.options.log('info', `the MCP server refused the request (HTTP ${status}); refreshing the token`);
        try {
          await this.credentials.forceRefresh(token);
        } catch (refreshError) {
          if (refreshError instanceof LoginRequiredError) {
            return isJSONRPCRequest(message) ? this.answerLoginRequired(message, refreshError) : undefined;
          }
          throw refreshError;
        }
        return this.forward(message, { ...attempt, authRetried: true });
      }
      if (
        isInitializeRequest(message) &&
        this.fallbackAllowed &&
        status !== undefined &&
        [400, 404, 405].includes(status)
      ) {
        // the 2024-11-05 transport: GET opens the stream, POSTs go to the endpoint it announces
        this.options.log('info', `Streamable HTTP refused (HTTP ${status}); using the SSE transport`);
        this.fallbackAllowed = false;
        this.kind = 'sse';
        await this.drop(remote);
        return this.forward(message, attempt);
      }
      throw error;
    }
    if (isInitializeRequest(message)) this.fallbackAllowed = false;
  }

  /** The connection for a message; an initialize always gets a fresh one. */
  private async remoteFor(message: JSONRPCMessage): Promise<MessageChannel> {
    if (isInitializeRequest(message)) {
      if (this.remote) await this.drop(this.remote);
      const channel = await this.open();
      this.remote = channel;
      return channel;
    }
    if (this.connecting) return this.connecting;
    if (this.remote) return this.remote;
    // the connection was lost (an SSE stream that ended): repeat the agent's handshake first
    if (this.initializeRequest) return this.reconnect(undefined);
    const channel = await this.open();
    this.remote = channel;
    return channel;
  }

  /**
   * A new remote session in place of `stale`: the agent's initialize (under a bridge id, its answer is
   * kept from the agent, which has had one) and initialized. Concurrent callers share one handshake.
   */
  private reconnect(stale: MessageChannel | undefined): Promise<MessageChannel> {
    if (this.connecting) return this.connecting;
    if (stale && this.remote && this.remote !== stale) return Promise.resolve(this.remote);
    this.connecting = (async () => {
      if (this.remote) await this.drop(this.remote);
      const channel = await this.open();
      try {
        const id = `panda-mcp-bridge:initialize:${++this.handshakes}`;
        const answer = await this.request(channel, { ...(this.initializeRequest as JSONRPCRequest), id });
        if (isJSONRPCErrorResponse(answer)) {
          throw new Error(`the MCP server refused a new session: ${answer.error.message}`);
        }
        const version = (answer as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
        if (typeof version === 'string') channel.setProtocolVersion?.(version);
        if (this.initializedNotification) await channel.send(this.initializedNotification);
      } catch (error) {
        await channel.close().catch(() => undefined);
        throw error;
      }
      this.remote = channel;
      this.options.log('info', 'new MCP session started');
      return channel;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<MessageChannel> {
    const channel = this.remotes.open(this.kind);
    channel.onmessage = (message) => this.fromRemote(channel, message);
    channel.onerror = (error) => this.options.log('debug', `server channel: ${messageOf(error)}`);
    channel.onclose = () => {
      if (this.remote === channel) this.remote = undefined;
    };
    await channel.start();
    return channel;
  }

  private async drop(channel: MessageChannel): Promise<void> {
    if (this.remote === channel) this.remote = undefined;
    await channel.close().catch(() => undefined);
  }

  /** One request on a channel, answered through fromRemote, bounded in time. */
  private request(channel: MessageChannel, message: JSONRPCRequest): Promise<JSONRPCMessage> {
    const timeoutMs = this.options.handshakeTimeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.internal.delete(message.id);
        reject(new Error(`the MCP server did not answer ${message.method} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.internal.set(message.id, (answer) => {
        clearTimeout(timer);
        this.internal.delete(message.id);
        resolve(answer);
      });
      channel.send(message).catch((error: unknown) => {
        clearTimeout(timer);
        this.internal.delete(message.id);
        reject(error);
      });
    });
  }

  private fromRemote(channel: MessageChannel, message: JSONRPCMessage): void {
    const id = (message as { id?: RequestId }).id;
    const isResponse = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
    if (isResponse && id !== undefined) {
      const waiter = this.internal.get(id);
      if (waiter) return waiter(message);
      if (isJSONRPCResultResponse(message) && id === this.initializeRequest?.id) {
        // the SDK client would do this after its handshake; we are the client here
        const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
        if (typeof version === 'string') channel.setProtocolVersion?.(version);
      }
      const call = this.toolCalls.get(id);
      if (call) {
        this.toolCalls.delete(id);
        if (!call.retried && PANDA_TOKEN_REFUSED.test(resultText(message))) {
          void this.retryRefusedCall(call, message);
          return;
        }
      }
    }
    this.options.log('debug', `server -> agent: ${describe(message)}`);
    this.toAgent(message);
  }

  /** PanDA refused the token of a call the server passed on (it had not acted): refresh once and repeat it. */
  private async retryRefusedCall(call: PendingToolCall, refusal: JSONRPCMessage): Promise<void> {
    this.options.log('info', 'PanDA refused the token; refreshing it and repeating the call');
    try {
      await this.credentials.forceRefresh(call.token);
    } catch (error) {
      if (error instanceof LoginRequiredError) return this.answerLoginRequired(call.message, error);
      this.options.log('warn', `could not refresh the token: ${messageOf(error)}`);
      return this.toAgent(refusal);
    }
    this.toolCalls.set(call.message.id, { ...call, retried: true });
    try {
      await this.forward(call.message, { authRetried: false, sessionRetried: false });
    } catch (error) {
      await this.fail(call.message, error);
    }
  }

  private answerLoginRequired(message: JSONRPCRequest, error: LoginRequiredError): void {
    this.toolCalls.delete(message.id);
    this.options.log('warn', error.message);
    if (message.method === 'tools/call') {
      // a tool error reaches the model, which can tell the person what to run
      return this.toAgent({
        jsonrpc: '2.0',
        id: message.id,
        result: { content: [{ type: 'text', text: error.message }], isError: true },
      });
    }
    this.toAgent({
      jsonrpc: '2.0',
      id: message.id,
      error: { code: -32000, message: error.message, data: { loginCommand: error.loginCommand } },
    });
  }

  private async fail(message: JSONRPCMessage, error: unknown): Promise<void> {
    if (error instanceof LoginRequiredError && isJSONRPCRequest(message)) {
      return this.answerLoginRequired(message, error);
    }
    const text = this.explain(error);
    this.options.log('warn', `${describe(message)} failed: ${text}`);
    if (!isJSONRPCRequest(message)) return;
    this.toolCalls.delete(message.id);
    this.toAgent({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: text } });
  }

  private explain(error: unknown): string {
    const status = httpStatusOf(error);
    const where = this.options.remoteUrl;
    if (status === 401 || status === 403) {
      return (
        `the MCP server at ${where} refused the request (HTTP ${status}: ${messageOf(error)}). ` +
        `If your PanDA login has expired, run \`${this.options.loginCommand}\` in a terminal`
      );
    }
    if (status !== undefined)
      return `the MCP server at ${where} answered HTTP ${status}: ${messageOf(error)}`;
    if (error instanceof TypeError || (error as { cause?: unknown } | null)?.cause) {
      return `cannot reach the MCP server at ${where}: ${describeFetchError(error)}`;
    }
    return messageOf(error);
  }

  private toAgent(message: JSONRPCMessage): void {
    this.agent.send(message).catch((error: unknown) => {
      this.options.log('warn', `cannot write to the agent: ${messageOf(error)}`);
    });
  }
}

/** A message in a log line: method and id, never parameters (they may carry anything). */
function describe(message: JSONRPCMessage): string {
  const id = (message as { id?: RequestId }).id;
  const method = (message as { method?: string }).method;
  if (method) return id === undefined ? method : `${method} (id ${id})`;
  return 'error' in message ? `error response (id ${id})` : `response (id ${id})`;
}
