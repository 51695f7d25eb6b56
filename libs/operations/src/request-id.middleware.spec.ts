import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf, RequestIdMiddleware } from './request-id.middleware';

function exchange(headers: Record<string, string> = {}) {
  const answered: Record<string, string> = {};
  const req = { headers } as unknown as IncomingMessage & { id?: unknown };
  const res = {
    headersSent: false,
    setHeader: (n: string, v: string) => (answered[n] = v),
  } as unknown as ServerResponse;
  return { req, res, answered };
}

describe(RequestIdMiddleware.name, () => {
  const sut = new RequestIdMiddleware();

  it('keeps a printable inbound X-Request-Id and answers it', () => {
    const { req, res, answered } = exchange({ 'x-request-id': 'agent-42.call/7' });
    const next = jest.fn();
    sut.use(req, res, next);
    expect(req.id).toBe('agent-42.call/7');
    expect(answered['X-Request-Id']).toBe('agent-42.call/7');
    expect(next).toHaveBeenCalled();
  });

  it.each([['a'.repeat(129)], ['two words'], ['line\nbreak'], ['']])(
    'replaces the unusable id %j',
    (value) => {
      const { req, res, answered } = exchange({ 'x-request-id': value });
      sut.use(req, res, () => undefined);
      expect(req.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(answered['X-Request-Id']).toBe(req.id);
    },
  );

  it('decides once: later calls see the same id', () => {
    const { req, res } = exchange();
    expect(requestIdOf(req, res)).toBe(requestIdOf(req, res));
  });
});
