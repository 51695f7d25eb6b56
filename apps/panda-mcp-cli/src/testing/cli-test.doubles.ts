import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { McpTransportKind } from '@panda-mcp/common';
import type { TokenRefresher } from '../credentials.provider';
import type { HttpFetch } from '../http-fetch.factory';
import type { DeviceCodeGrant, OidcClient, OidcClientFactory, OidcClientOptions } from '../oidc.client';
import type {
  BridgeCredentials,
  BridgeLogLevel,
  MessageChannel,
  RemoteChannelFactory,
} from '../mcp-bridge.service';
import type { TokenResponse } from '../token.store';

/** Test doubles shared by the CLI's unit specs. */

/** An unsigned JWT with the given claims: enough for expiry math and "logged in as". */
export function jwtWith(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

/** A clock the test moves by hand, in milliseconds. */
export interface ClockDouble {
  now: () => number;
  advanceSeconds(seconds: number): void;
}

export function clockDouble(startSeconds = 1_800_000_000): ClockDouble {
  let ms = startSeconds * 1000;
  return { now: () => ms, advanceSeconds: (seconds) => (ms += seconds * 1000) };
}

/** Answers refreshes from a script: a response, or an error to throw. */
export class RefresherDouble implements TokenRefresher {
  readonly calls: string[] = [];
  private readonly script: Array<TokenResponse | Error> = [];
  /** Runs before answering, e.g. to change the token file as another process would. */
  beforeAnswer?: () => void;

  answer(...steps: Array<TokenResponse | Error>): this {
    this.script.push(...steps);
    return this;
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    this.calls.push(refreshToken);
    await Promise.resolve();
    this.beforeAnswer?.();
    const step = this.script.shift();
    if (!step) throw new Error('RefresherDouble: no answer scripted');
    if (step instanceof Error) throw step;
    return step;
  }
}

export interface LogLine {
  level: BridgeLogLevel;
  message: string;
}

export function logDouble(): { lines: LogLine[]; log: (level: BridgeLogLevel, message: string) => void } {
  const lines: LogLine[] = [];
  return { lines, log: (level, message) => lines.push({ level, message }) };
}

/** One side of a conversation: what was sent through it, and a way to deliver messages into it. */
export class ChannelDouble implements MessageChannel {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly sent: JSONRPCMessage[] = [];
  started = false;
  closed = false;
  terminated = false;
  protocolVersion?: string;
  /** Decides what a send does: resolve (default), throw, or answer through onmessage. */
  onSend: (message: JSONRPCMessage, channel: ChannelDouble) => Promise<void> | void = () => undefined;

  async start(): Promise<void> {
    this.started = true;
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.sent.push(message);
    await this.onSend(message, this);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.onclose?.();
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  async terminate(): Promise<void> {
    this.terminated = true;
  }

  deliver(message: JSONRPCMessage): void {
    this.onmessage?.(message);
  }
}

/** Hands out remote channels the test has configured, and remembers which kinds were opened. */
export class RemoteFactoryDouble implements RemoteChannelFactory {
  readonly opened: Array<{ kind: McpTransportKind; channel: ChannelDouble }> = [];

  constructor(
    private readonly configure: (channel: ChannelDouble, kind: McpTransportKind, index: number) => void,
  ) {}

  open(kind: McpTransportKind): ChannelDouble {
    const channel = new ChannelDouble();
    this.configure(channel, kind, this.opened.length);
    this.opened.push({ kind, channel });
    return channel;
  }
}

/** Credentials from a list of tokens: `forceRefresh` moves to the next one, or throws what it is given. */
export class CredentialsDouble implements BridgeCredentials {
  readonly forced: Array<string | undefined> = [];
  private index = 0;

  constructor(
    private readonly tokens: string[],
    private readonly failure?: { current?: Error; refresh?: Error },
  ) {}

  async current(): Promise<string> {
    if (this.failure?.current) throw this.failure.current;
    return this.tokens[this.index];
  }

  async forceRefresh(failedToken: string | undefined): Promise<string> {
    this.forced.push(failedToken);
    if (this.failure?.refresh) throw this.failure.refresh;
    this.index = Math.min(this.index + 1, this.tokens.length - 1);
    return this.tokens[this.index];
  }
}

/** An error as the SDK's transports throw for an HTTP status. */
export function httpError(status: number, text = ''): Error & { status: number } {
  return Object.assign(new Error(`Error POSTing to endpoint: ${text}`), { status });
}

/** An OIDC provider that answers from a script; records what it was asked. */
export class OidcClientDouble implements OidcClient {
  readonly deviceRequests: Array<Record<string, string>> = [];
  readonly refreshed: string[] = [];
  grant: DeviceCodeGrant = {
    verificationUri: 'https://iam.example/device',
    verificationUriComplete: 'https://iam.example/device?user_code=ABCD-EFGH',
    userCode: 'ABCD-EFGH',
    expiresIn: 600,
    interval: 5,
    handle: { device_code: 'dc' },
  };
  approval: TokenResponse | Error = { id_token: jwtWith({ preferred_username: 'alice' }), expires_in: 900 };
  endpointList = [new URL('https://iam.example/token')];

  endpoints(): URL[] {
    return this.endpointList;
  }

  async startDeviceAuthorization(parameters: Record<string, string>): Promise<DeviceCodeGrant> {
    this.deviceRequests.push(parameters);
    return this.grant;
  }

  async waitForDeviceApproval(): Promise<TokenResponse> {
    if (this.approval instanceof Error) throw this.approval;
    return this.approval;
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    this.refreshed.push(refreshToken);
    return { id_token: jwtWith({}), expires_in: 900 };
  }
}

/** Discovery that hands out one client double and records how it was asked. */
export class OidcFactoryDouble implements OidcClientFactory {
  readonly discovered: Array<{ url: string; options: OidcClientOptions }> = [];

  constructor(readonly client = new OidcClientDouble()) {}

  async discover(configurationUrl: URL, options: OidcClientOptions): Promise<OidcClient> {
    this.discovered.push({ url: configurationUrl.href, options });
    return this.client;
  }
}

/** A fetch that answers from a map of URL to [status, JSON body], and records the URLs asked for. */
export function fetchDouble(answers: Record<string, [number, unknown]>): HttpFetch & { urls: string[] } {
  const urls: string[] = [];
  const fetch = async (input: string | URL) => {
    const url = String(input);
    urls.push(url);
    const answer = answers[url];
    if (!answer) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    return new Response(JSON.stringify(answer[1]), {
      status: answer[0],
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return Object.assign(fetch, { urls });
}
