import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf } from '@panda-mcp/operations';
import type { Params } from 'nestjs-pino';

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Header values that must never reach a log line, wherever they appear (requests, errors, axios configs). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-auth-token"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'err.config.headers.Authorization',
  'err.config.headers["X-Auth-Token"]',
  'err.config.headers.Cookie',
  'headers.authorization',
  'headers["x-auth-token"]',
  'headers.cookie',
  'token',
];

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function logLevelFrom(env: NodeJS.ProcessEnv): string {
  const wanted = (env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  return LEVELS.has(wanted) ? wanted : 'info';
}

/**
 * JSON logs, one line per event (pino escapes control characters, so arguments cannot break a line).
 * HTTP request lines carry no headers at all; the redaction list is a second line of defence.
 */
export function loggerParams(env: NodeJS.ProcessEnv): Params {
  return {
    pinoHttp: {
      level: logLevelFrom(env),
      base: { service: 'panda-mcp' },
      formatters: { level: (label: string) => ({ level: label }) },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // The same id as RequestIdMiddleware's, whichever of the two runs first.
      genReqId: (req: IncomingMessage, res: ServerResponse) => requestIdOf(req, res),
      autoLogging: { ignore: (req: IncomingMessage) => PROBE_PATHS.has((req.url ?? '').split('?')[0]) },
      serializers: {
        req: (req: {
          id: string;
          method: string;
          url: string;
          headers: Record<string, string | undefined>;
          remoteAddress?: string;
        }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          origin: req.headers?.origin,
          mcpSessionId: req.headers?.['mcp-session-id'] ? 'present' : undefined,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
