/**
 * The payload of a compact JWS, decoded but NOT verified: panda-mcp reads claims only to label logs,
 * bind sessions and schedule refreshes; PanDA does the verifying. Undefined when the text is not a JWT
 * with a JSON object payload.
 */
export function decodeUnverifiedJwtPayload(token: string | undefined): Record<string, unknown> | undefined {
  if (!token) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
