import { Injectable } from '@nestjs/common';
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
const REMEMBERED_REFUSALS = 10_000;

/**
 * Lets a caller with a real token in when the allowance it shares with not-yet-accepted callers is
 * full (a crowd without credentials, or with made-up tokens, holding those sessions): one call with its
 * own token tells whether PanDA accepts it, and from then on it has its own allowance.
 */
@Injectable()
export class CallerAcceptance {
  private running = 0;
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly panda: PandaClient,
    private readonly limits: CallerLimits,
  ) {}

  /** Whether the caller is (now) accepted; asks PanDA only for a token-holder not yet accepted. */
  async confirm(owner: string, auth: AuthContext): Promise<boolean> {
    if (owner === ANONYMOUS_CALLER || !auth.token) return false;
    if (!this.limits.isAnonymous(owner)) return true;
    const now = Date.now();
    if ((this.refusedUntil.get(owner) ?? 0) > now || this.running >= MAX_CHECKS_AT_ONCE) return false;
    this.running++;
    try {
      const outcome = await this.panda.call({ target: WHO_AM_I, args: {}, auth });
      if (outcome.kind === 'ok') {
        this.limits.noteAccepted(owner);
        return true;
      }
      if (outcome.kind === 'http_error' || outcome.kind === 'panda_error') this.noteRefused(owner, now);
      return false;
    } finally {
      this.running--;
    }
  }

  private noteRefused(owner: string, now: number): void {
    this.refusedUntil.delete(owner);
    this.refusedUntil.set(owner, now + REFUSED_FOR_MS);
    if (this.refusedUntil.size > REMEMBERED_REFUSALS) {
      this.refusedUntil.delete(this.refusedUntil.keys().next().value!);
    }
  }
}
