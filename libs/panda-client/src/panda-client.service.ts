import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import axios, { AxiosInstance, isAxiosError } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';
import { PANDA_MCP_CONFIG, PandaMcpConfig } from '@panda-mcp/config';
import { AuthContext } from './auth-context';
import { applyPandaAuth } from './panda-auth.interceptor';
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

@Injectable()
export class PandaClient implements OnModuleDestroy {
  private readonly logger = new Logger(PandaClient.name);
  private readonly http: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;
  readonly apiBase: string;

  constructor(@Inject(PANDA_MCP_CONFIG) config: PandaMcpConfig) {
    this.apiBase = config.pandaApiUrl;
    this.timeoutMs = Math.round(config.upstreamTimeout * 1000);
    // keepAliveMsecs equal to the per-request TCP keep-alive setting, so that releasing a socket does not
    // re-arm TCP keep-alive with a setsockopt call every time (seen in profiles).
    this.httpAgent = new http.Agent({
      keepAlive: true,
      keepAliveMsecs: 60_000,
      maxSockets: MAX_SOCKETS,
      maxFreeSockets: 16,
    });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      keepAliveMsecs: 60_000,
      maxSockets: MAX_SOCKETS,
      maxFreeSockets: 16,
      ca: loadUpstreamCertificates(config),
      rejectUnauthorized: config.verifyUpstreamTls,
    });
    this.http = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      timeout: this.timeoutMs,
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      maxBodyLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      transformResponse: [(body: unknown) => body],
      validateStatus: () => true,
      proxy: false,
      headers: { Accept: 'application/json', 'User-Agent': 'panda-mcp' },
    });
    this.http.interceptors.request.use(applyPandaAuth);
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
      const response =
        target.httpMethod === 'GET'
          ? await this.http.get<string>(shownUrl, { params: encodePandaQuery(args), pandaAuth: auth, signal })
          : await this.http.post<string>(shownUrl, this.encodeBody(target, args), {
              pandaAuth: auth,
              signal,
            });
      return classifyResponse(response.status, String(response.data ?? ''), shownUrl);
    } catch (error) {
      return this.classifyFailure(error, shownUrl, auth, signal);
    }
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private encodeBody(target: PandaCallTarget, args: Record<string, unknown>): unknown {
    if (target.bodyEncoding !== 'multipart') return args;
    const fileParameters = new Set(
      target.parameters.filter((p) => p.pythonType === 'FileStorage').map((p) => p.name),
    );
    const form = new FormData();
    for (const [name, value] of Object.entries(args)) {
      if (value === null || value === undefined) continue;
      if (fileParameters.has(name)) form.append(name, new Blob([String(value)]), name);
      else form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    return form;
  }

  private classifyFailure(
    error: unknown,
    url: string,
    auth: AuthContext,
    signal: AbortSignal | undefined,
  ): PandaCallOutcome {
    if (signal?.aborted) return { kind: 'cancelled', url };
    if (isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')) {
      return { kind: 'timeout', timeoutMs: this.timeoutMs, url };
    }
    const raw = isAxiosError(error) ? `${error.code ?? 'error'}: ${error.message}` : String(error);
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
