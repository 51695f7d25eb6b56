import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import axios, { AxiosError, AxiosInstance } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { inClientSpan, trustedCaCertificates } from '@panda-mcp/common';
import { pandaMcpConfig, PandaMcpConfig, UPSTREAM_CONNECTIONS } from '@panda-mcp/config';
import { AnswerBudget, AnswerBudgetExceededError, AnswerTooLargeError } from './answer-budget';
import { AuthContext } from './auth-context';
import { usePandaAuthInterceptor } from './panda-auth.interceptor';
import { PandaCallOutcome, retryAfterSeconds, textWithoutToken, withoutToken } from './panda-call-outcome';
import { parsePandaJson } from './panda-datetime';
import { buildPandaUrl } from './panda-url';
import { encodePandaQuery } from './query-encoding';

/** The parts of an endpoint description the client needs; PandaEndpoint satisfies it. */
export interface PandaCallTarget {
  toolName: string;
  httpMethod: 'GET' | 'POST';
  path: string;
  bodyEncoding: 'query' | 'json' | 'multipart';
  parameters: ReadonlyArray<{ name: string; pythonType?: string }>;
}

export interface PandaCallRequest {
  target: PandaCallTarget;
  args: Record<string, unknown>;
  auth: AuthContext;
  signal?: AbortSignal;
  /**
   * Keeps the answer's bytes in the budget after the call returns, until the caller calls `release`
   * (when it has made and handed on its result, which costs memory too). Without it they are released
   * when the call returns.
   */
  holdAnswer?: (release: () => void) => void;
}

/** Bounded so that one slow PanDA cannot make us open sockets without limit. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** How much of a PanDA (or proxy) error text a tool result shows. */
export const MAX_ERROR_TEXT = 2000;
const USER_AGENT = 'panda-mcp';

interface EncodedBody {
  bytes: Buffer;
  contentType: string;
}

/**
 * One total timeout for a call, and the caller's cancellation, as one signal for axios. A plain timer
 * cleared when the call ends: AbortSignal.timeout/any would keep a timer and listeners alive for the
 * whole timeout after every call.
 */
class CallDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCancel = () => this.controller.abort();
  expired = false;

  constructor(
    timeoutMs: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort();
    }, timeoutMs);
    if (caller?.aborted) this.controller.abort();
    else caller?.addEventListener('abort', this.onCancel, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCancel);
  }
}

/**
 * The PanDA HTTP client: one axios instance on bounded keep-alive agents, no redirects, a response size
 * cap, CA settings from config, one total timeout per call, and the auth-context request interceptor that
 * sets the only credentials PanDA receives. Answers are taken as text and classified here.
 */
@Injectable()
export class PandaClient implements OnModuleDestroy {
  private readonly logger = new Logger(PandaClient.name);
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly http: AxiosInstance;
  private readonly timeoutMs: number;
  private readonly budget: AnswerBudget;
  readonly apiBase: string;

  constructor(@Inject(pandaMcpConfig.KEY) config: PandaMcpConfig) {
    this.apiBase = config.pandaApiUrl;
    this.timeoutMs = Math.round(config.upstreamTimeout * 1000);
    this.budget = new AnswerBudget(config.maxUpstreamBuffer);
    const agentOptions = {
      keepAlive: true,
      keepAliveMsecs: 60_000,
      maxSockets: UPSTREAM_CONNECTIONS,
      maxFreeSockets: 16,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent({
      ...agentOptions,
      ca: trustedCaCertificates(config),
      rejectUnauthorized: config.verifyUpstreamTls,
    });
    this.http = axios.create({
      adapter: 'http',
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      headers: { Accept: 'application/json', 'User-Agent': USER_AGENT },
      maxRedirects: 0,
      // Bodies are read by us against the answer budget, then classified (PanDA's envelope, its
      // datetimes): no parsing by axios, no errors for statuses.
      responseType: 'stream',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      proxy: false,
    });
    usePandaAuthInterceptor(this.http);
  }

  /**
   * Calls one PanDA endpoint with the caller's credentials and classifies the answer. Never throws.
   * With tracing on, the call is a client span (method, path, outcome; never the query or a token)
   * whose traceparent goes to PanDA.
   */
  call(request: PandaCallRequest): Promise<PandaCallOutcome> {
    const { target } = request;
    return inClientSpan(
      () => ({
        name: `PanDA ${target.httpMethod} ${target.path}`,
        attributes: {
          'http.request.method': target.httpMethod,
          'url.path': target.path,
          'panda.tool': target.toolName,
        },
      }),
      (traceparent) => this.send(request, traceparent),
      (outcome) => ({
        'panda_mcp.upstream.outcome': outcome.kind,
        ...('status' in outcome ? { 'http.response.status_code': outcome.status } : {}),
        ...(outcome.kind === 'ok' || outcome.kind === 'panda_error' ? {} : { 'error.type': outcome.kind }),
      }),
    );
  }

  private async send(request: PandaCallRequest, traceparent: string | undefined): Promise<PandaCallOutcome> {
    const { target, args, auth, signal } = request;
    let url: URL;
    try {
      url = buildPandaUrl(this.apiBase, target.path);
    } catch (error) {
      return { kind: 'network_error', reason: (error as Error).message, url: this.apiBase + target.path };
    }
    const shownUrl = url.href;
    const deadline = new CallDeadline(this.timeoutMs, signal);
    const held = { bytes: 0 };
    try {
      const body = target.httpMethod === 'GET' ? undefined : await this.encodeBody(target, args);
      if (!body) url.search = encodePandaQuery(args).toString();
      const answer = await this.http.request<Readable>({
        url: url.href,
        method: target.httpMethod,
        data: body?.bytes,
        headers: body ? { 'Content-Type': body.contentType } : undefined,
        signal: deadline.signal,
        pandaAuth: auth,
        pandaTraceparent: traceparent,
      });
      // redacted before classifying: error texts are cut, and a cut must not split an echoed token
      const text = textWithoutToken(await this.readAnswer(answer.data, held, deadline.signal), auth.token);
      const outcome = classifyResponse(answer.status, text, shownUrl);
      if (outcome.kind === 'http_error') {
        const retryAfter = retryAfterSeconds(answer.headers['retry-after']);
        if (retryAfter !== undefined) outcome.retryAfterSeconds = retryAfter;
      }
      return outcome;
    } catch (error) {
      return this.classifyFailure(error, shownUrl, auth, signal, deadline);
    } finally {
      deadline.clear();
      const bytes = held.bytes;
      if (request.holdAnswer && bytes > 0) {
        let given = false;
        request.holdAnswer(() => {
          if (!given) this.budget.give(bytes);
          given = true;
        });
      } else this.budget.give(bytes);
    }
  }

  /** Reads an answer body, holding its bytes in the budget; refuses one that is too large. */
  private readAnswer(stream: Readable, held: { bytes: number }, signal: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      // Decoded as it arrives, so no chunk list and no concatenated copy exist beside the text.
      const decoder = new StringDecoder('utf8');
      let text = '';
      const stop = (error: Error) => {
        stream.destroy();
        // Give the bytes back at once, so the calls still reading can use them.
        this.budget.give(held.bytes);
        held.bytes = 0;
        reject(error);
      };
      const onAbort = () => stop(new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (chunk: Buffer) => {
        if (held.bytes + chunk.length > MAX_RESPONSE_BYTES)
          return stop(new AnswerTooLargeError(MAX_RESPONSE_BYTES));
        if (!this.budget.take(chunk.length)) return stop(new AnswerBudgetExceededError());
        held.bytes += chunk.length;
        text += decoder.write(chunk);
      });
      stream.once('end', () => {
        signal.removeEventListener('abort', onAbort);
        resolve(text + decoder.end());
      });
      stream.once('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      });
    });
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async encodeBody(target: PandaCallTarget, args: Record<string, unknown>): Promise<EncodedBody> {
    if (target.bodyEncoding !== 'multipart') {
      return { bytes: Buffer.from(JSON.stringify(args)), contentType: 'application/json' };
    }
    const fileParameters = new Set(
      target.parameters.filter((p) => p.pythonType === 'FileStorage').map((p) => p.name),
    );
    const form = new FormData();
    for (const [name, value] of Object.entries(args)) {
      if (value === null || value === undefined) continue;
      if (fileParameters.has(name)) form.append(name, new Blob([String(value)]), name);
      else form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    // The platform's multipart encoder writes the body and its boundary for us.
    const encoded = new Response(form);
    return {
      bytes: Buffer.from(await encoded.arrayBuffer()),
      contentType: encoded.headers.get('content-type') ?? 'multipart/form-data',
    };
  }

  private classifyFailure(
    error: unknown,
    url: string,
    auth: AuthContext,
    signal: AbortSignal | undefined,
    deadline: CallDeadline,
  ): PandaCallOutcome {
    if (signal?.aborted) return { kind: 'cancelled', url };
    if (deadline.expired) return { kind: 'timeout', timeoutMs: this.timeoutMs, url };
    if (error instanceof AnswerTooLargeError) return { kind: 'too_large', limitBytes: error.limitBytes, url };
    if (error instanceof AnswerBudgetExceededError) {
      this.logger.warn({
        msg: 'answer budget spent; call refused',
        requestId: auth.requestId,
        url,
        heldBytes: this.budget.heldBytes,
      });
      return { kind: 'busy', url };
    }
    const cause = (error as AxiosError)?.cause as NodeJS.ErrnoException | undefined;
    const code = cause?.code ?? (error as AxiosError)?.code;
    const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
    // Error texts from the HTTP stack can quote headers; withoutToken makes sure the token never leaks.
    const outcome = withoutToken(
      { kind: 'network_error', reason: `${code ?? 'Error'}: ${message}`, url },
      auth.token,
    );
    this.logger.debug({
      msg: 'PanDA call failed',
      requestId: auth.requestId,
      url,
      reason: (outcome as { reason: string }).reason,
    });
    return outcome;
  }
}

export function classifyResponse(status: number, text: string, url: string): PandaCallOutcome {
  if (status !== 200) return { kind: 'http_error', status, text: text.slice(0, MAX_ERROR_TEXT).trim(), url };
  let body: unknown;
  try {
    body = parsePandaJson(text);
  } catch {
    return { kind: 'bad_response', status, text: text.slice(0, MAX_ERROR_TEXT), url };
  }
  if (
    body === null ||
    typeof body !== 'object' ||
    typeof (body as { success?: unknown }).success !== 'boolean'
  ) {
    return { kind: 'bad_response', status, text: text.slice(0, MAX_ERROR_TEXT), url };
  }
  const envelope = body as { success: boolean; message?: unknown; data?: unknown };
  const message = typeof envelope.message === 'string' ? envelope.message : '';
  const data = envelope.data === undefined ? null : envelope.data;
  return envelope.success
    ? { kind: 'ok', status, message, data, url }
    : { kind: 'panda_error', status, message, data, url };
}
