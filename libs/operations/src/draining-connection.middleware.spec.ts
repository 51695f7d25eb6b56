import type { IncomingMessage, ServerResponse } from 'node:http';
import { DrainingConnectionMiddleware } from './draining-connection.middleware';
import { LifecycleService } from './lifecycle.service';

describe(DrainingConnectionMiddleware.name, () => {
  const answer = () => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    return { res: res as unknown as ServerResponse, headers };
  };

  it('keeps connections while serving, and closes each one after its answer once draining', () => {
    const lifecycle = new LifecycleService();
    const sut = new DrainingConnectionMiddleware(lifecycle);
    const next = jest.fn();
    const serving = answer();
    sut.use({} as IncomingMessage, serving.res, next);
    expect(serving.headers).toEqual({});
    lifecycle.startDraining();
    const draining = answer();
    sut.use({} as IncomingMessage, draining.res, next);
    expect(draining.headers).toEqual({ Connection: 'close' });
    expect(next).toHaveBeenCalledTimes(2);
  });
});
