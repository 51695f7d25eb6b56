import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';
import { requestIdOf } from './request-id.middleware';

/** The service's pino logger, shared by Nest's LoggerService and the request log. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');

/** Probes and scrapes are polled every few seconds; a line each would drown everything else. */
const UNLOGGED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function pathOf(url: string | undefined): string {
  return (url ?? '').split('?', 1)[0];
}

/**
 * One "request completed" line per HTTP request (at info), with the request id, method, path (never the
 * query string, which could hold a token), status and duration. Headers are never logged: the origin
 * (a VO) and whether a session id was sent are the only request facts kept.
 */
@Injectable()
export class RequestLoggingMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  private readonly http: HttpLogger;
  /** Request lines are info lines: above info there is nothing to write, so nothing to prepare. */
  private readonly enabled: boolean;

  constructor(@Inject(SERVICE_LOGGER) logger: Pino) {
    this.enabled = logger.isLevelEnabled('info');
    this.http = pinoHttp({
      logger,
      genReqId: (req, res) => requestIdOf(req, res),
      quietReqLogger: true,
      autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(pathOf(req.url)) },
      serializers: {
        req: (req: { id: string; method: string; url: string; headers?: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          path: pathOf(req.url).slice(0, 200),
          origin: req.headers?.origin,
          mcpSessionId: req.headers?.['mcp-session-id'] ? 'present' : undefined,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    });
  }

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    if (this.enabled) this.http(req, res, next);
    else next();
  }
}
