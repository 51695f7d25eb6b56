import * as net from 'node:net';

/**
 * True for names and addresses that never leave the machine: `localhost` (and `*.localhost`),
 * 127.0.0.0/8, ::1, and their IPv4-mapped IPv6 form. Accepts a bare host, a bracketed IPv6 host, or a
 * socket address (`::ffff:127.0.0.1`).
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  let bare = host.trim().toLowerCase();
  if (bare.startsWith('[') && bare.endsWith(']')) bare = bare.slice(1, -1);
  if (bare.startsWith('::ffff:')) bare = bare.slice(7);
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}
