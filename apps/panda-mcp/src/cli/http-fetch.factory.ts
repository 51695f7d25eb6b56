import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { CliError } from './cli.errors';

/** The fetch shape the MCP SDK transports and openid-client both accept. */
export type HttpFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * PEM certificates from a bundle file or from a folder of them (grid hosts keep CAs in
 * /etc/grid-security/certificates as `*.pem` / `*.0`).
 */
export function readCaCertificates(location: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch (error) {
    throw new CliError(`--ca-bundle: cannot read ${location}: ${(error as Error).message}`);
  }
  const files = stat.isDirectory()
    ? fs
        .readdirSync(location)
        .filter((name) => /\.(pem|crt|\d+)$/.test(name))
        .map((name) => path.join(location, name))
    : [location];
  const certificates = files
    .map((file) => fs.readFileSync(file, 'utf8'))
    .filter((text) => text.includes('-----BEGIN CERTIFICATE-----'));
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
  const ca = [...tls.rootCertificates, ...readCaCertificates(options.caBundle)];
  const dispatcher = new Agent({ connect: { ca } });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, {
      ...(init as object),
      // undici's Headers is not Node's: hand it plain pairs
      headers: init?.headers ? headerPairs(new Headers(init.headers)) : undefined,
      dispatcher,
    })) as unknown as HttpFetch;
}
