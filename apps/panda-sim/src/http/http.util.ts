import type { Request } from 'express';

/** Largest request body the sim reads, in bytes. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/**
 * Reads the request body as bytes. Nest's body parsers are off: PanDA's answers depend on the exact
 * Content-Type and on the JSON text itself (a `1.0` is a float), so the sim parses bodies itself.
 */
export function readRawBody(req: Request, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(`request body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A single header value (the first, when a header was repeated). */
export function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The query string of the original URL, without "?". */
export function rawQueryOf(req: Request): string {
  const url = req.originalUrl ?? req.url;
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
}

/** The path of the original URL, undecoded, without the query. */
export function rawPathOf(req: Request): string {
  const url = req.originalUrl ?? req.url;
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}

/** This server's own base URL as the client reached it (for links such as verification_uri). */
export function baseUrlOf(req: Request): string {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}
