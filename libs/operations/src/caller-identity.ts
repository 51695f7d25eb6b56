import { decodeUnverifiedJwtPayload } from '@panda-mcp/common';

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

/** Reads identity claims from an ID token without verifying it; undefined when there is no readable JWT. */
export function unverifiedCaller(token: string | undefined): UnverifiedCaller | undefined {
  const payload = decodeUnverifiedJwtPayload(token);
  if (!payload) return undefined;
  return {
    sub: claim(payload.sub),
    name: claim(payload.preferred_username) ?? claim(payload.name) ?? claim(payload.email),
    issuer: claim(payload.iss),
    verified: false,
  };
}
