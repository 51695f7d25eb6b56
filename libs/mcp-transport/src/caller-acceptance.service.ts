import { BoundedMap } from '@panda-mcp/common';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ANONYMOUS_CALLER } from '@panda-mcp/operations';
import { AuthContext, PandaCallTarget, PandaClient } from '@panda-mcp/panda-client';
import { CallerLimits } from './caller-limits.service';

/** The cheapest PanDA call that authenticates its caller (it answers who the token says you are). */
const WHO_AM_I: PandaCallTarget = {
  toolName: 'system_get_user_attributes',
  httpMethod: 'GET',
  path: '/system/get_user_attributes',
  bodyEncoding: 'query',
  parameters: [],
};
/** Checks with PanDA running at once: a flood of made-up tokens costs PanDA at most this many calls. */
const MAX_CHECKS_AT_ONCE = 4;
/** A token PanDA refused is not checked again for this long. */
const REFUSED_FOR_MS = 60_000;
/** A check that takes longer than this counts as "PanDA could not be asked now". */
const CHECK_TIMEOUT_MS = 10_000;
const REMEMBERED_REFUSALS = 10_000;

/**
 * Lets a caller with a real token in when the allowance it shares with not-yet-accepted callers is
 * full (a crowd without credentials, or with made-up tokens, holding those sessions): one call with its
 * own token tells whether PanDA accepts it, and from then on it has its own allowance.
 */
@Injectable()
export class CallerAcceptance {
  private running = 0;
  /** Refused tokens by their hash: by the token itself, since its claimed identity may be forged. */
  private readonly refusedUntil = new BoundedMap<string, number>(REMEMBERED_REFUSALS);
  /** Checks under way by token hash, so one token is asked about once however many initializes. */
  private readonly checking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly panda: PandaClient,
    private readonly limits: CallerLimits,
  ) {}

  /** Whether the caller is (now) accepted; asks PanDA only for a token-holder not yet accepted. */
  async confirm(owner: string, auth: AuthContext): Promise<boolean> {
    if (owner === ANONYMOUS_CALLER || !auth.token) return false;
    if (!this.limits.isAnonymous(owner)) return true;
    const key = createHash('sha256').update(auth.token).digest('base64url');
    const now = Date.now();
    if ((this.refusedUntil.get(key) ?? 0) > now) return false;
    const pending = this.checking.get(key);
    if (pending) return pending;
    if (this.running >= MAX_CHECKS_AT_ONCE) return false;
    const check = this.ask(owner, auth, key, now);
    this.checking.set(key, check);
    try {
      return await check;
    } finally {
      this.checking.delete(key);
    }
  }

  private async ask(owner: string, auth: AuthContext, key: string, now: number): Promise<boolean> {
    this.running++;
    try {
      const outcome = await this.panda.call({
        target: WHO_AM_I,
        args: {},
        auth,
        signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      });
      if (outcome.kind === 'ok') {
        this.limits.noteAccepted(owner);
        return true;
      }
      // only PanDA saying no is remembered; an outage or overload is not the token's fault
      const refusal =
        outcome.kind === 'panda_error' ||
        (outcome.kind === 'http_error' && (outcome.status === 401 || outcome.status === 403));
      if (refusal) this.refusedUntil.set(key, now + REFUSED_FOR_MS);
      return false;
    } finally {
      this.running--;
    }
  }
}
