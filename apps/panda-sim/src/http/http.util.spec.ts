import { isLoopback } from './http.util';

describe(isLoopback.name, () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('treats %p as loopback', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', '2001:db8::1', '', undefined])(
    'does not treat %p as loopback',
    (address) => {
      expect(isLoopback(address)).toBe(false);
    },
  );
});
