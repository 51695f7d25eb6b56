import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';

export interface UpstreamTlsSettings {
  caBundle: string | undefined;
  caDir: string | undefined;
  verifyUpstreamTls: boolean;
}

const CERT_FILE = /\.(pem|crt|cer|\d+)$/i;

/**
 * CA certificates trusted for PanDA: Node's public roots plus the configured bundle and/or directory
 * (grid CA directories such as /etc/grid-security/certificates hold hashed `*.0` files).
 * Returns undefined when nothing is configured, which keeps Node's defaults.
 */
export function loadUpstreamCertificates(settings: UpstreamTlsSettings): string[] | undefined {
  const extra: string[] = [];
  if (settings.caBundle) extra.push(fs.readFileSync(settings.caBundle, 'utf8'));
  if (settings.caDir) {
    for (const name of fs.readdirSync(settings.caDir).sort()) {
      if (!CERT_FILE.test(name)) continue;
      const file = path.join(settings.caDir, name);
      if (fs.statSync(file).isFile()) extra.push(fs.readFileSync(file, 'utf8'));
    }
  }
  return extra.length > 0 ? [...tls.rootCertificates, ...extra] : undefined;
}
