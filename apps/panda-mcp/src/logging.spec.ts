import { Writable } from 'node:stream';
import pino from 'pino';
import { logLevelFrom, REDACTED_PATHS, serviceLoggerOptions } from './logging';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe(serviceLoggerOptions.name, () => {
  const options = serviceLoggerOptions({ LOG_LEVEL: 'info' });

  it('redacts Authorization, X-Auth-Token and Cookie wherever they appear', () => {
    const { lines, stream } = capture();
    const sut = pino({ redact: options.redact, formatters: options.formatters }, stream);
    sut.info(
      {
        headers: { authorization: 'Bearer secret-1', 'x-auth-token': 'secret-2', cookie: 'secret-3' },
        err: { config: { headers: { Authorization: 'Bearer secret-4' } } },
        token: 'secret-5',
      },
      'upstream failed',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/secret-\d/);
    expect(JSON.parse(lines[0]).headers.authorization).toBe('[redacted]');
  });

  it('keeps one event on one line, whatever control characters the arguments hold', () => {
    const { lines, stream } = capture();
    const sut = pino({ formatters: options.formatters }, stream);
    sut.warn(
      {
        tool: 'task_get_status',
        detail: 'task_id: expected integer, got "1\n{\\"level\\":\\"fatal\\"}\r\u001b[31m"',
      },
      'tool call rejected',
    );
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', tool: 'task_get_status' });
  });

  it('covers the three credential headers in its redaction list', () => {
    expect(REDACTED_PATHS).toEqual(
      expect.arrayContaining([
        'req.headers.authorization',
        'req.headers["x-auth-token"]',
        'req.headers.cookie',
      ]),
    );
  });
});

describe(logLevelFrom.name, () => {
  it('reads LOG_LEVEL and falls back to info for unknown values', () => {
    expect(logLevelFrom({ LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(logLevelFrom({ LOG_LEVEL: 'chatty' })).toBe('info');
    expect(logLevelFrom({})).toBe('info');
  });
});
