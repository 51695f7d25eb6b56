import { isLoopbackHost } from '@panda-mcp/common';
import { CliError } from './cli.errors';

/** localhost, 127.0.0.0/8 or ::1: plain http there never leaves the machine. */
export function isLoopbackUrl(url: URL): boolean {
  return isLoopbackHost(url.hostname);
}

/**
 * Tokens travel over https only; plain http is allowed for loopback addresses (panda-sim in tests and
 * the demo), never for anything that crosses a network.
 */
export function assertSecureOrLoopback(url: URL, what: string): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackUrl(url)) return;
  throw new CliError(
    `refusing ${url.protocol.replace(':', '')} for the ${what} (${url.origin}): only https is allowed, or plain http to this machine`,
  );
}
