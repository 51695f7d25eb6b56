import { BoundedMap } from '@panda-mcp/common';
import { Inject, Injectable } from '@nestjs/common';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { ANONYMOUS_CALLER } from '@panda-mcp/operations';

/** How many identities PanDA has accepted are remembered (least recently accepted forgotten first). */
const REMEMBERED_CALLERS = 10_000;

/**
 * Per-caller allowances, so that one caller (or a crowd without credentials) cannot take what everyone
 * shares: sessions, and PanDA calls running at once. A caller is the identity its token claims
 * (sessionOwnerOf), but only once PanDA has accepted a call with it; until then it counts as anonymous,
 * and all anonymous callers share one allowance, so forged or random tokens buy nothing.
 */
@Injectable()
export class CallerLimits {
  private readonly accepted = new BoundedMap<string, true>(REMEMBERED_CALLERS);
  private readonly running = new Map<string, number>();
  readonly maxSessionsPerCaller: number;
  readonly maxAnonymousSessions: number;
  readonly maxCallsPerCaller: number;

  constructor(@Inject(pandaMcpConfig.KEY) config: PandaMcpConfig) {
    this.maxSessionsPerCaller = config.maxSessionsPerCaller;
    this.maxAnonymousSessions = config.maxAnonymousSessions;
    this.maxCallsPerCaller = config.maxCallsPerCaller;
  }

  /** The allowance a caller draws on: its own once PanDA has accepted it, else the anonymous one. */
  bucketOf(owner: string): string {
    return owner !== ANONYMOUS_CALLER && this.accepted.has(owner) ? owner : ANONYMOUS_CALLER;
  }

  isAnonymous(owner: string): boolean {
    return this.bucketOf(owner) === ANONYMOUS_CALLER;
  }

  /** PanDA answered a call of this caller as PanDA (it authenticated the token). */
  noteAccepted(owner: string): void {
    if (owner === ANONYMOUS_CALLER) return;
    this.accepted.set(owner, true);
  }

  /** The most sessions the caller's allowance holds. */
  sessionAllowance(owner: string): number {
    return this.isAnonymous(owner) ? this.maxAnonymousSessions : this.maxSessionsPerCaller;
  }

  /** Takes one running-call slot of the caller's allowance; undefined when none is free. */
  acquireCall(owner: string): (() => void) | undefined {
    const bucket = this.bucketOf(owner);
    const running = this.running.get(bucket) ?? 0;
    if (running >= this.maxCallsPerCaller) return undefined;
    this.running.set(bucket, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(bucket) ?? 1) - 1;
      if (left > 0) this.running.set(bucket, left);
      else this.running.delete(bucket);
    };
  }
}
