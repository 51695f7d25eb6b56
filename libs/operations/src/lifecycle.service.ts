import { Injectable } from '@nestjs/common';

/**
 * Where the service is in its life: listening, and draining after SIGTERM. Also counts in-flight work so
 * that shutdown can wait for it. Readiness reads this; it never depends on PanDA.
 */
@Injectable()
export class LifecycleService {
  private listeningSince?: number;
  private drainingSince?: number;
  private inFlight = 0;
  private callsInFlight = 0;
  private idleWaiters: Array<() => void> = [];
  readonly startedAt = Date.now();

  markListening(): void {
    this.listeningSince = Date.now();
  }

  get listening(): boolean {
    return this.listeningSince !== undefined;
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  /** HTTP requests being answered (POSTs until their answer is written). */
  get inFlightCount(): number {
    return this.inFlight;
  }

  /** Tool calls waiting for PanDA, whatever carried them (a POST, or an SSE message). */
  get inFlightCallCount(): number {
    return this.callsInFlight;
  }

  /** Runs the answering of one HTTP request while counting it as in flight. */
  track<T>(work: () => Promise<T>): Promise<T> {
    return this.counted(work, (step) => (this.inFlight += step));
  }

  /** Runs one tool call while counting it (an SSE message's call outlives its 202 POST). */
  trackCall<T>(work: () => Promise<T>): Promise<T> {
    return this.counted(work, (step) => (this.callsInFlight += step));
  }

  private async counted<T>(work: () => Promise<T>, count: (step: 1 | -1) => void): Promise<T> {
    count(1);
    try {
      return await work();
    } finally {
      count(-1);
      this.wakeSoonIfIdle();
    }
  }

  private get idle(): boolean {
    return this.inFlight === 0 && this.callsInFlight === 0;
  }

  private wakeSoonIfIdle(): void {
    // Wake waiters only after pending I/O callbacks ran, so that the answer of the last call is written
    // out before anyone closes the sessions.
    if (this.idle) setImmediate(() => this.wakeIfIdle());
  }

  private wakeIfIdle(): void {
    if (!this.idle) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves true when nothing is in flight, or false when timeoutMs passes first. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.idle) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(wake);
    });
  }
}
