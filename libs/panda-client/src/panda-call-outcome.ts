/** What came back from one PanDA API call, already classified for the tool layer and for metrics. */
export type PandaCallOutcome =
  /** 200 envelope with success: true. */
  | { kind: 'ok'; status: number; message: string; data: unknown; url: string }
  /** 200 envelope with success: false: PanDA refused or failed, and said why. */
  | { kind: 'panda_error'; status: number; message: string; data: unknown; url: string }
  /** Any non-200 answer (403/404/500/503 text/plain from PanDA or httpd). */
  | { kind: 'http_error'; status: number; text: string; url: string; retryAfterSeconds?: number }
  /** A 200 whose body is not PanDA's envelope. */
  | { kind: 'bad_response'; status: number; text: string; url: string }
  /** No answer within the configured timeout. */
  | { kind: 'timeout'; timeoutMs: number; url: string }
  /** Connection refused, DNS failure, TLS failure... */
  | { kind: 'network_error'; reason: string; url: string }
  /** The caller went away (MCP cancellation or disconnect) before PanDA answered. */
  | { kind: 'cancelled'; url: string }
  /** The answer was larger than one answer may be. */
  | { kind: 'too_large'; limitBytes: number; url: string }
  /** Taking the answer would pass the budget of answer bytes held at once (max_upstream_buffer). */
  | { kind: 'busy'; url: string };

export type PandaCallOutcomeKind = PandaCallOutcome['kind'];

const REDACTED = '[redacted]';

/**
 * The text with every occurrence of the token replaced. Applied to an answer before any part of it is
 * cut for a message, so a token that straddles the cut cannot leave a piece behind.
 */
export function textWithoutToken(text: string, token: string | undefined): string {
  if (!token || token.length < 8 || !text.includes(token)) return text;
  return text.split(token).join(REDACTED);
}

/**
 * The outcome with every occurrence of the caller's token replaced: a PanDA (or proxy) error text can
 * quote the Authorization header it was sent, and that must never reach a tool result or a log.
 */
export function withoutToken(outcome: PandaCallOutcome, token: string | undefined): PandaCallOutcome {
  if (!token || token.length < 8) return outcome;
  const scrub = (text: string) => textWithoutToken(text, token);
  switch (outcome.kind) {
    case 'http_error':
    case 'bad_response':
      return { ...outcome, text: scrub(outcome.text) };
    case 'network_error':
      return { ...outcome, reason: scrub(outcome.reason) };
    case 'panda_error': {
      const data = outcome.data;
      const echoed = data !== null && data !== undefined && JSON.stringify(data).includes(token);
      return {
        ...outcome,
        message: scrub(outcome.message),
        data: echoed ? JSON.parse(scrub(JSON.stringify(data))) : data,
      };
    }
    default:
      return outcome;
  }
}

/** `Retry-After` as seconds (delta form or HTTP date), when it is usable. */
export function retryAfterSeconds(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string' || !header.trim()) return undefined;
  const value = header.trim();
  if (/^\d{1,9}$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.round((at - now) / 1000));
}
