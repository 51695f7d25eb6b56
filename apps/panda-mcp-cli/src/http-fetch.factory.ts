import * as tls from 'node:tls';
import { readCaCertificates } from '@panda-mcp/common';
import { Agent, fetch as undiciFetch } from 'undici';
import { CliError } from './cli.errors';

/** The fetch shape the MCP SDK transports and openid-client both accept. */
export type HttpFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * The certificates of `--ca-bundle`: a PEM bundle file, or a folder of them (grid hosts keep CAs in
 * /etc/grid-security/certificates as `*.pem` / `*.0`). A CliError when there is nothing to trust.
 */
export function caBundleCertificates(location: string): string[] {
  let certificates: string[];
  try {
    certificates = readCaCertificates(location);
  } catch (error) {
    throw new CliError(`--ca-bundle: cannot read ${location}: ${(error as Error).message}`);
  }
  if (certificates.length === 0) throw new CliError(`--ca-bundle: no PEM certificate in ${location}`);
  return certificates;
}

function headerPairs(headers: Headers): [string, string][] {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  return pairs;
}

/**
 * Node's fetch, or, with a CA bundle, undici's fetch over an agent that trusts the bundle in addition to
 * the system CAs (a grid CA for PanDA, while the identity provider keeps its public certificate).
 * undici's own fetch is used with its own Agent: Node 20's built-in fetch is a different undici major.
 */
export function createHttpFetch(options: { caBundle?: string } = {}): HttpFetch {
  if (!options.caBundle) return (input, init) => fetch(input, init);
  const ca = [...tls.rootCertificates, ...caBundleCertificates(options.caBundle)];
  const dispatcher = new Agent({ connect: { ca } });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, {
      ...(init as object),
      // undici's Headers is not Node's: hand it plain pairs
      headers: init?.headers ? headerPairs(new Headers(init.headers)) : undefined,
      dispatcher,
    })) as unknown as HttpFetch;
}
