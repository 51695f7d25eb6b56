/** Who the token says the caller is. Unverified: panda-mcp only reads it for audit logs; PanDA verifies. */
export interface UnverifiedCaller {
  sub?: string;
  name?: string;
  issuer?: string;
  verified: false;
}

const MAX_CLAIM = 128;

function claim(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value.slice(0, MAX_CLAIM) : undefined;
}

/** The payload of a compact JWS, decoded but NOT verified. */
function decodeJwtPayload(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('not a JWT');
  return payload as Record<string, unknown>;
}

/** Reads identity claims from an ID token without verifying it; undefined when there is no readable JWT. */
export function unverifiedCaller(token: string | undefined): UnverifiedCaller | undefined {
  if (!token) return undefined;
  try {
    const payload = decodeJwtPayload(token);
    return {
      sub: claim(payload.sub),
      name: claim(payload.preferred_username) ?? claim(payload.name) ?? claim(payload.email),
      issuer: claim(payload.iss),
      verified: false,
    };
  } catch {
    return undefined;
  }
}
