import pino, { LoggerOptions } from 'pino';

/** Values that must never reach a log line, wherever they appear (requests, errors, axios configs). */
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
 * Request lines carry no headers at all; the redaction list is a second line of defence.
 */
export function serviceLoggerOptions(env: NodeJS.ProcessEnv): LoggerOptions {
  return {
    level: logLevelFrom(env),
    base: { service: 'panda-mcp' },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

export function createServiceLogger(env: NodeJS.ProcessEnv): pino.Logger {
  return pino(serviceLoggerOptions(env));
}
