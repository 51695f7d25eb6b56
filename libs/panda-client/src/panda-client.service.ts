import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import * as http from 'node:http';
import * as https from 'node:https';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { AuthContext } from './auth-context';
import { applyPandaAuth, TransportHeaders } from './panda-auth.interceptor';
import { PandaCallOutcome } from './panda-call-outcome';
import { parsePandaJson } from './panda-datetime';
import { buildPandaUrl } from './panda-url';
import { encodePandaQuery } from './query-encoding';
import { loadUpstreamCertificates } from './upstream-tls';

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
}

/** Bounded so that one slow PanDA cannot make us open sockets without limit. */
const MAX_SOCKETS = 64;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const MAX_ERROR_TEXT = 2000;
const USER_AGENT = 'panda-mcp';

class UpstreamTimeout extends Error {}
class ResponseTooLarge extends Error {}

interface EncodedBody {
  bytes: Buffer;
  contentType: string;
}

/**
 * The PanDA HTTP client: node:http(s) on bounded keep-alive agents (axios cost a sizeable share of the CPU of
 * a tool call, see docs/decisions.md), one total timeout per call, no redirects, CA settings from config.
 */
@Injectable()
export class PandaClient implements OnModuleDestroy {
  private readonly logger = new Logger(PandaClient.name);
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;
  readonly apiBase: string;

  constructor(@Inject(pandaMcpConfig.KEY) config: PandaMcpConfig) {
    this.apiBase = config.pandaApiUrl;
    this.timeoutMs = Math.round(config.upstreamTimeout * 1000);
    const agentOptions = {
      keepAlive: true,
      keepAliveMsecs: 60_000,
      maxSockets: MAX_SOCKETS,
      maxFreeSockets: 16,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent({
      ...agentOptions,
      ca: loadUpstreamCertificates(config),
      rejectUnauthorized: config.verifyUpstreamTls,
    });
  }

  /** Calls one PanDA endpoint with the caller's credentials and classifies the answer. Never throws. */
  async call(request: PandaCallRequest): Promise<PandaCallOutcome> {
    const { target, args, auth, signal } = request;
    let url: URL;
    try {
      url = buildPandaUrl(this.apiBase, target.path);
    } catch (error) {
      return { kind: 'network_error', reason: (error as Error).message, url: this.apiBase + target.path };
    }
    const shownUrl = url.href;
    try {
      let body: EncodedBody | undefined;
      if (target.httpMethod === 'GET') url.search = encodePandaQuery(args).toString();
      else body = await this.encodeBody(target, args);
      const answer = await this.send(url, target.httpMethod, body, auth, signal);
      return classifyResponse(answer.status, answer.text, shownUrl);
    } catch (error) {
      return this.classifyFailure(error, shownUrl, auth, signal);
    }
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private send(
    url: URL,
    method: 'GET' | 'POST',
    body: EncodedBody | undefined,
    auth: AuthContext,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; text: string }> {
    const transport: TransportHeaders = { Accept: 'application/json', 'User-Agent': USER_AGENT };
    if (body) {
      transport['Content-Type'] = body.contentType;
      transport['Content-Length'] = String(body.bytes.length);
    }
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        {
          method,
          headers: applyPandaAuth(transport, auth),
          agent: secure ? this.httpsAgent : this.httpAgent,
          signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES)
              request.destroy(new ResponseTooLarge(`answer larger than ${MAX_RESPONSE_BYTES} bytes`));
            else chunks.push(chunk);
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      const timer = setTimeout(() => request.destroy(new UpstreamTimeout()), this.timeoutMs);
      request.on('close', () => clearTimeout(timer));
      request.on('error', reject);
      request.end(body?.bytes);
    });
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
  ): PandaCallOutcome {
    if (signal?.aborted) return { kind: 'cancelled', url };
    if (error instanceof UpstreamTimeout) return { kind: 'timeout', timeoutMs: this.timeoutMs, url };
    const code = (error as NodeJS.ErrnoException)?.code;
    const raw = error instanceof Error ? `${code ?? error.name}: ${error.message}` : String(error);
    // Error texts from the HTTP stack can quote headers; make sure the caller's token never leaks.
    const reason = auth.token ? raw.split(auth.token).join('[redacted]') : raw;
    this.logger.debug(`PanDA call to ${url} failed: ${reason}`);
    return { kind: 'network_error', reason, url };
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
