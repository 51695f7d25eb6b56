import * as crypto from 'node:crypto';

/**
 * Minimal RS256 JWT helpers on node:crypto. jose is ESM-only and does not load under the project's
 * CommonJS jest setup, and the sim needs only compact RS256 signing and verification.
 */

export type JsonObject = Record<string, unknown>;

export function base64UrlEncode(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Errors carry the wording of PyJWT, which PanDA puts after "Invalid token. ". */
export class JwtFormatError extends Error {}

function decodeSegment(segment: string, what: 'header' | 'payload'): JsonObject {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) {
    throw new JwtFormatError(what === 'header' ? 'Invalid header padding' : 'Invalid payload padding');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtFormatError(what === 'header' ? 'Invalid header string' : 'Invalid payload string');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new JwtFormatError(
      what === 'header'
        ? 'Invalid header string: must be a json object'
        : 'Invalid payload string: must be a json object',
    );
  }
  return parsed as JsonObject;
}

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  signingInput: string;
  signature: Buffer;
}

/** Splits and decodes a compact JWT without checking its signature. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtFormatError('Not enough segments');
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeSegment(headerPart, 'header');
  const payload = decodeSegment(payloadPart, 'payload');
  if (!/^[A-Za-z0-9_-]*$/.test(signaturePart)) throw new JwtFormatError('Invalid crypto padding');
  return {
    header,
    payload,
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

export function signRs256(payload: JsonObject, privateKey: crypto.KeyObject, kid: string): string {
  const header = { alg: 'RS256', typ: 'JWT', kid };
  const signingInput = `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(payload))}`;
  const signature = crypto.sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${base64UrlEncode(signature)}`;
}

export function verifyRs256Signature(decoded: DecodedJwt, publicKey: crypto.KeyObject): boolean {
  return crypto.verify('sha256', Buffer.from(decoded.signingInput), publicKey, decoded.signature);
}

/** RFC 7638 thumbprint of an RSA public key, used as its `kid`. */
export function rsaThumbprint(jwk: crypto.JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return base64UrlEncode(crypto.createHash('sha256').update(canonical).digest());
}
