import { createHash } from 'node:crypto';
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

export const ANONYMOUS_CALLER = 'anonymous';

/**
 * The identity a session belongs to: issuer and subject of the (unverified) ID token, so a token the
 * client refreshes for the same person keeps the session; a token that is not a JWT counts by its hash;
 * no token is "anonymous". Never the token itself.
 */
export function sessionOwnerOf(token: string | undefined): string {
  if (!token) return ANONYMOUS_CALLER;
  const payload = decodeUnverifiedJwtPayload(token);
  if (payload && typeof payload.iss === 'string' && typeof payload.sub === 'string') {
    return `jwt ${payload.iss.slice(0, 256)} ${payload.sub.slice(0, 256)}`;
  }
  return `token ${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
}
