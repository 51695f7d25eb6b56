import { classifyResponse } from './panda-client.service';
import { retryAfterSeconds, withoutToken } from './panda-call-outcome';
import { parsePandaJson } from './panda-datetime';

const url = 'https://panda.example/api/v1/task/get_status';

describe(classifyResponse.name, () => {
  it('maps success: true to ok with the data', () => {
    const sut = classifyResponse(200, '{"success": true, "message": "", "data": {"status": "running"}}', url);
    expect(sut).toEqual({ kind: 'ok', status: 200, message: '', data: { status: 'running' }, url });
  });

  it('maps success: false to a PanDA error with its message', () => {
    const sut = classifyResponse(200, '{"success": false, "message": "expecting POST, received GET"}', url);
    expect(sut).toMatchObject({ kind: 'panda_error', message: 'expecting POST, received GET', data: null });
  });

  it.each([403, 404, 500, 503])('maps HTTP %i text/plain to an http_error with the text', (status) => {
    const sut = classifyResponse(status, 'ERROR : Invalid token: expired\n', url);
    expect(sut).toEqual({ kind: 'http_error', status, text: 'ERROR : Invalid token: expired', url });
  });

  it('flags a 200 that is not an envelope', () => {
    expect(classifyResponse(200, '<html>proxy error</html>', url).kind).toBe('bad_response');
    expect(classifyResponse(200, '[1, 2]', url).kind).toBe('bad_response');
  });

  it('turns PanDA datetimes into ISO strings anywhere in the data', () => {
    const body = JSON.stringify({
      success: true,
      message: '',
      data: [
        { modificationTime: { __datetime__: '2026-11-27T08:00:00' }, nested: { t: { __datetime__: 'x' } } },
      ],
    });
    const sut = classifyResponse(200, body, url);
    expect(sut).toMatchObject({ data: [{ modificationTime: '2026-11-27T08:00:00', nested: { t: 'x' } }] });
  });
});

describe(parsePandaJson.name, () => {
  it('keeps objects that merely contain a __datetime__ key among others', () => {
    expect(parsePandaJson('{"__datetime__": "a", "other": 1}')).toEqual({ __datetime__: 'a', other: 1 });
  });
});

describe(withoutToken.name, () => {
  const sut = withoutToken;
  const token = 'eyJhbGciOi.secret-token-value.sig';

  it('removes the caller token that an error text quotes', () => {
    const outcome = sut(
      { kind: 'http_error', status: 403, text: `ERROR : Invalid token: Bearer ${token}`, url },
      token,
    );
    expect(JSON.stringify(outcome)).not.toContain(token);
    expect(outcome).toMatchObject({ text: 'ERROR : Invalid token: Bearer [redacted]' });
  });

  it('removes it from a PanDA refusal message and its data', () => {
    const outcome = sut(
      { kind: 'panda_error', status: 200, message: `bad ${token}`, data: { echo: token }, url },
      token,
    );
    expect(JSON.stringify(outcome)).not.toContain(token);
  });

  it('leaves answers without the token untouched', () => {
    const outcome = { kind: 'ok' as const, status: 200, message: '', data: { a: 1 }, url };
    expect(sut(outcome, token)).toBe(outcome);
  });
});

describe(retryAfterSeconds.name, () => {
  const sut = retryAfterSeconds;

  it('reads seconds and HTTP dates, and ignores anything else', () => {
    expect(sut('120')).toBe(120);
    expect(sut(new Date(10_000 + 30_000).toUTCString(), 10_000)).toBe(30);
    expect(sut('soon')).toBeUndefined();
    expect(sut(undefined)).toBeUndefined();
  });
});
