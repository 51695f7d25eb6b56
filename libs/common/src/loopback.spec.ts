import { isLoopbackHost } from './loopback';

describe(isLoopbackHost.name, () => {
  const sut = isLoopbackHost;

  it.each([
    'localhost',
    'LOCALHOST',
    'app.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
  ])('treats %s as loopback', (host) => expect(sut(host)).toBe(true));

  it.each([
    '',
    undefined,
    '10.0.0.1',
    'example.org',
    'localhost.example.org',
    '128.0.0.1',
    '::2',
    '[::ffff:10.0.0.1]',
  ])('does not treat %s as loopback', (host) => expect(sut(host)).toBe(false));
});
