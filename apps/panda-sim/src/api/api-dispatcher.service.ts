import { Inject, Injectable } from '@nestjs/common';
import { Caller } from '../auth/caller.types';
import { Clock, SIM_CLOCK, TokenVerifierService } from '../auth/token-verifier.service';
import { SimDataStore } from '../data/sim-data.store';
import { RequestLogService } from '../request-log/request-log.service';
import { ApiCatalogueService, EndpointSpec } from './api-catalogue.service';
import { validateArguments } from './argument.validator';
import {
  ApiHandler,
  HandlerResult,
  MESSAGE_PROD_ROLE,
  MESSAGE_SSL,
  MESSAGE_TASK_OWNER,
  PandaResponse,
  respond,
  taskCaller,
} from './handlers/handler.types';
import { JOB_HANDLERS } from './handlers/job.handlers';
import { MONITORING_HANDLERS } from './handlers/monitoring.handlers';
import { TASK_HANDLERS } from './handlers/task.handlers';
import { parseQueryParameters, parseRequestParameters } from './request-params.parser';
import { PyFileStorage, pyInt, pyAnswerPieces, pyTruthy, pyTypeName, toPlain } from './python-value.util';

export interface ApiHttpRequest {
  method: string;
  /** Request path without the query, e.g. /api/v1/task/get_status. */
  path: string;
  /** Query string without "?". */
  query: string;
  headers: {
    authorization?: string;
    origin?: string;
    contentType?: string;
    contentEncoding?: string;
    accept?: string;
    host?: string;
    requestId?: string;
    traceparent?: string;
    /** Every header name received (lower case), so tests can see that nothing else reached PanDA. */
    names?: string[];
  };
  body: Buffer;
  remoteAddress: string;
  secureTransport: boolean;
}

export interface ApiHttpResponse {
  status: number;
  contentType: string;
  /** The text, or for a large answer its pieces, produced while they are written. */
  body: string | Iterable<string>;
}

/** Endpoints whose behaviour the sim models; every other catalogue entry answers with an echo. */
export const MODELLED_HANDLERS: Record<string, ApiHandler> = {
  ...TASK_HANDLERS,
  ...JOB_HANDLERS,
  ...MONITORING_HANDLERS,
};

export const ECHO_MESSAGE =
  'panda-sim: request accepted and recorded; this endpoint is simulated by an echo, nothing changed';

/**
 * PanDA's request path for /api/v1/<module>/<function>, in PanDA's order: method lookup (403),
 * token authentication (403), parameter parsing (500 on a broken body), then the request_validation
 * checks (secure connection, production role, HTTP method, arguments and their types, task owner),
 * and finally the function itself. Answers are JSON when the client asked for it, as in PanDA.
 */
@Injectable()
export class ApiDispatcherService {
  constructor(
    private readonly catalogue: ApiCatalogueService,
    private readonly verifier: TokenVerifierService,
    private readonly store: SimDataStore,
    private readonly log: RequestLogService,
    @Inject(SIM_CLOCK) private readonly clock: Clock,
  ) {}

  handle(request: ApiHttpRequest): ApiHttpResponse {
    const method = request.method.toUpperCase();
    const fields = request.path.split('/');
    // PanDA parses /api/<version>/<module>/<method> by position; anything else has no method name
    const wellFormed = fields.length === 5 && fields[0] === '' && fields[1] === 'api';
    const fn = wellFormed ? fields[4] : '';
    const spec = wellFormed && fields[2] === 'v1' ? this.catalogue.find(fields[3], fn) : undefined;
    const caller = spec
      ? this.verifier.identify(request.headers.authorization, request.headers.origin)
      : undefined;

    let params: Record<string, unknown> | undefined;
    let response: ApiHttpResponse;
    let outcome: PandaResponse | undefined;
    if (!spec || !caller) {
      response = text(403, `ERROR : method ${fn} is forbidden`);
    } else if (!caller.authenticated) {
      response = text(403, `ERROR : Token authentication failed. ${caller.failure ?? ''}`);
    } else {
      try {
        params = parseRequestParameters(
          {
            method,
            query: request.query,
            contentType: request.headers.contentType,
            contentEncoding: request.headers.contentEncoding,
            body: request.body,
          },
          spec.function,
        );
        const result = this.call(spec, method, params, caller, request);
        outcome = 'bare' in result ? undefined : result;
        response = this.serialise(result, request);
      } catch (error) {
        // PanDA answers an exception it did not catch with a 500 and the exception's text
        response = text(500, error instanceof Error ? error.message : String(error));
      }
    }

    const token = TokenVerifierService.tokenOf(request.headers.authorization);
    this.log.add(
      {
        time: new Date(this.clock()).toISOString(),
        method,
        path: request.path,
        query: parseQueryParameters(request.query),
        body: method === 'GET' || method === 'HEAD' ? null : (params ?? rawBodyText(request.body)),
        origin: request.headers.origin ?? null,
        accept: request.headers.accept ?? null,
        contentType: request.headers.contentType ?? null,
        requestId: request.headers.requestId ?? null,
        traceparent: request.headers.traceparent ?? null,
        headerNames: request.headers.names ?? [],
        authorization: request.headers.authorization !== undefined,
        user: caller?.username ?? null,
        subject: caller?.subject ?? null,
        tokenId: caller?.tokenId ?? null,
        tokenError: caller && !caller.authenticated ? (caller.failure ?? null) : null,
        module: spec?.module ?? null,
        function: spec?.function ?? null,
        status: response.status,
        success: outcome ? outcome.success : null,
        message: outcome ? outcome.message : null,
      },
      token,
    );
    return response;
  }

  /** request_validation, then the endpoint's function. */
  private call(
    spec: EndpointSpec,
    method: string,
    params: Record<string, unknown>,
    caller: Caller,
    request: ApiHttpRequest,
  ): HandlerResult {
    if (spec.secure && (!caller.dn || caller.dn.includes('/CN=limited proxy')))
      return respond(false, MESSAGE_SSL);
    if (spec.productionRole && !caller.productionRole) return respond(false, MESSAGE_PROD_ROLE);
    if (method !== spec.method) return respond(false, `expecting ${spec.method}, received ${method}`);
    const validation = validateArguments(spec, params, method);
    if (!validation.ok) return respond(false, validation.message);
    const args = validation.args;
    if (spec.taskOwnerOrProduction && pyTruthy(args[spec.taskIdParam])) {
      if (!this.store.isOwnerOrProduction(pyInt(args[spec.taskIdParam]), taskCaller(caller))) {
        return respond(false, MESSAGE_TASK_OWNER);
      }
    }
    const handler = MODELLED_HANDLERS[`${spec.module}/${spec.function}`];
    const context = {
      spec,
      args: toPlain(args) as Record<string, unknown>,
      caller,
      store: this.store,
      now: new Date(this.clock()),
      environ: this.environ(request, caller, method),
    };
    if (handler) return handler(context);
    return respond(true, ECHO_MESSAGE, {
      module: spec.module,
      function: spec.function,
      arguments: echoable(context.args),
    });
  }

  /** panda.py: JSON when Content-Type or Accept is exactly application/json, else Python's str(). */
  private serialise(result: HandlerResult, request: ApiHttpRequest): ApiHttpResponse {
    const value = 'bare' in result ? result.bare : result;
    const jsonApp =
      request.headers.contentType === 'application/json' || request.headers.accept === 'application/json';
    if (!jsonApp && typeof value === 'string') return text(200, value);
    if (!jsonApp && typeof value === 'boolean') return text(200, value ? 'True' : 'False');
    const contentType = jsonApp ? 'application/json' : 'text/plain';
    return { status: 200, contentType, body: smallOrStreamed(pyAnswerPieces(value, jsonApp)) };
  }

  /** The WSGI environment as system get_attributes shows it; the Authorization header is left out. */
  private environ(request: ApiHttpRequest, caller: Caller, method: string): Record<string, string> {
    const env: Record<string, string> = {
      REQUEST_METHOD: method,
      SCRIPT_NAME: request.path,
      QUERY_STRING: request.query,
      REMOTE_ADDR: request.remoteAddress,
      SERVER_SOFTWARE: 'panda-sim',
      'wsgi.url_scheme': request.secureTransport ? 'https' : 'http',
    };
    if (request.secureTransport) env.HTTPS = 'on';
    if (request.headers.host) env.HTTP_HOST = request.headers.host;
    if (request.headers.origin !== undefined) env.HTTP_ORIGIN = request.headers.origin;
    if (request.headers.accept !== undefined) env.HTTP_ACCEPT = request.headers.accept;
    if (request.headers.contentType !== undefined) env.CONTENT_TYPE = request.headers.contentType;
    env.CONTENT_LENGTH = String(request.body.length);
    return { ...env, ...caller.env };
  }
}

const SMALL_ANSWER = 256 * 1024;

/** The whole text when it is small; else what was produced so far followed by the rest, lazily. */
function smallOrStreamed(pieces: Iterator<string>): string | Iterable<string> {
  const head: string[] = [];
  let size = 0;
  for (let next = pieces.next(); !next.done; next = pieces.next()) {
    head.push(next.value);
    size += next.value.length;
    if (size >= SMALL_ANSWER) {
      return (function* () {
        yield head.join('');
        for (let rest = pieces.next(); !rest.done; rest = pieces.next()) yield rest.value;
      })();
    }
  }
  return head.join('');
}

function text(status: number, body: string): ApiHttpResponse {
  return { status, contentType: 'text/plain', body };
}

/** A body PanDA could not turn into parameters, as text for the log (cut at 4 kB). */
function rawBodyText(body: Buffer): string | null {
  if (!body.length) return null;
  const text = body.subarray(0, 4096).toString('utf8');
  return body.length > 4096 ? `${text}...` : text;
}

/** Echo-safe arguments: uploads are summarised instead of sent back. */
function echoable(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([k, v]) => [
      k,
      v instanceof PyFileStorage
        ? { filename: v.filename, content_type: v.contentType, size: v.content.length, type: pyTypeName(v) }
        : v,
    ]),
  );
}
