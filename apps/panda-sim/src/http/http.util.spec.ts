import type { Request } from 'express';
import { baseUrlOf, headerOf, rawPathOf, rawQueryOf } from './http.util';

function requestDouble(url: string, headers: Record<string, string | string[]> = {}, encrypted = false) {
  return { originalUrl: url, url, headers, socket: { encrypted } } as unknown as Request;
}

describe('http.util', () => {
  it('keeps the path and the query as the client sent them, undecoded', () => {
    const req = requestDouble('/api/v1/task/get_status?task_id=1%2C2&x=');
    expect(rawPathOf(req)).toBe('/api/v1/task/get_status');
    expect(rawQueryOf(req)).toBe('task_id=1%2C2&x=');
    expect(rawQueryOf(requestDouble('/a%20b'))).toBe('');
    expect(rawPathOf(requestDouble('/a%20b'))).toBe('/a%20b');
  });

  it('reads the first value of a header, by any case of its name', () => {
    const req = requestDouble('/', { origin: ['atlas', 'cms'], 'content-type': 'application/json' });
    expect(headerOf(req, 'Origin')).toBe('atlas');
    expect(headerOf(req, 'Content-Type')).toBe('application/json');
    expect(headerOf(req, 'Authorization')).toBeUndefined();
  });

  it('names its own base URL as the client reached it', () => {
    expect(baseUrlOf(requestDouble('/', { host: '127.0.0.1:25080' }))).toBe('http://127.0.0.1:25080');
    expect(baseUrlOf(requestDouble('/', { host: 'sim.localhost' }, true))).toBe('https://sim.localhost');
  });
});
