import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { generate } from 'selfsigned';

export const CA_FILE = 'ca.pem';
const CA_KEY_FILE = 'ca-key.pem';
const SERVER_CERT_FILE = 'server.pem';
const SERVER_KEY_FILE = 'server-key.pem';
const DAY = 24 * 3600 * 1000;

export interface TlsMaterial {
  key: string;
  cert: string;
  /** The CA certificate clients should trust (PEM file in the state folder). */
  caFile: string;
}

function writePrivate(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

function stillValid(certFile: string, names: string[]): boolean {
  if (!fs.existsSync(certFile)) return false;
  const cert = new crypto.X509Certificate(fs.readFileSync(certFile));
  if (new Date(cert.validTo).getTime() < Date.now() + DAY) return false;
  return names.every((name) => (net.isIP(name) ? cert.checkIP(name) : cert.checkHost(name)) !== undefined);
}

/**
 * A private CA and a server certificate it signed, kept in the state folder so that clients can
 * go on trusting `ca.pem` across restarts. The server certificate names localhost, 127.0.0.1, ::1
 * and the configured host; both are regenerated when missing, expiring or not covering the host.
 */
export async function ensureTlsMaterial(stateDir: string, host: string): Promise<TlsMaterial> {
  const caFile = path.join(stateDir, CA_FILE);
  const caKeyFile = path.join(stateDir, CA_KEY_FILE);
  const certFile = path.join(stateDir, SERVER_CERT_FILE);
  const keyFile = path.join(stateDir, SERVER_KEY_FILE);
  const names = ['localhost', '127.0.0.1', '::1'];
  if (host && !['0.0.0.0', '::', ''].includes(host) && !names.includes(host)) names.push(host);

  if (!stillValid(caFile, []) || !fs.existsSync(caKeyFile)) {
    const ca = await generate([{ name: 'commonName', value: 'panda-sim test CA (not for production use)' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 5 * 365 * DAY),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    writePrivate(caKeyFile, ca.private);
    fs.writeFileSync(caFile, ca.cert, { mode: 0o644 });
    fs.rmSync(certFile, { force: true });
  }
  if (!stillValid(certFile, names) || !fs.existsSync(keyFile)) {
    const server = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 365 * DAY),
      ca: { key: fs.readFileSync(caKeyFile, 'utf8'), cert: fs.readFileSync(caFile, 'utf8') },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: names.map((name) =>
            net.isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
          ),
        },
      ],
    });
    writePrivate(keyFile, server.private);
    fs.writeFileSync(certFile, server.cert, { mode: 0o644 });
  }
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), caFile };
}
