import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';

const CERT_FILE = /\.(pem|crt|cer|\d+)$/i;
const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

export interface CaLocations {
  /** A PEM bundle file, or a folder (treated as caDir). */
  caBundle?: string;
  /** A folder of PEM files; grid hosts keep CAs in /etc/grid-security/certificates as hashed `*.0`. */
  caDir?: string;
}

/** The PEM certificates of one location: a bundle file, or every certificate file of a folder. */
export function readCaCertificates(location: string): string[] {
  const files = fs.statSync(location).isDirectory()
    ? fs
        .readdirSync(location)
        .sort()
        .filter((name) => CERT_FILE.test(name))
        .map((name) => path.join(location, name))
        .filter((file) => fs.statSync(file).isFile())
    : [location];
  return files.map((file) => fs.readFileSync(file, 'utf8')).filter((text) => text.includes(PEM_CERTIFICATE));
}

/**
 * Node's public roots plus the configured bundle and/or folder, or undefined when nothing is configured
 * (which keeps Node's defaults). Throws with the location when one cannot be read.
 */
export function trustedCaCertificates(locations: CaLocations): string[] | undefined {
  const extra = [locations.caBundle, locations.caDir]
    .filter((location): location is string => Boolean(location))
    .flatMap((location) => readCaCertificates(location));
  return extra.length > 0 ? [...tls.rootCertificates, ...extra] : undefined;
}
