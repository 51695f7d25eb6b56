import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import type { McpTransportKind } from '@panda-mcp/common';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { MetricsService } from '@panda-mcp/operations';
import { CallerLimits } from './caller-limits.service';

export type SessionKind = McpTransportKind;

export interface SessionTransport {
  close(): Promise<void>;
  /**
   * Requests the transport still has to answer that `pending` does not hold: a 2024-11-05 SSE request is
   * answered on the session's stream long after its POST got 202.
   */
  readonly requestsInFlight?: number;
}

export interface McpSession<T extends SessionTransport = SessionTransport> {
  id: string;
  kind: SessionKind;
  /** Who opened it (sessionOwnerOf): only requests of the same identity may use, stream or close it. */
  owner: string;
  transport: T;
  server: Server;
  createdAt: number;
  lastActivityAt: number;
  /** Requests of this session still waiting for their answer, by JSON-RPC id (2025-era POSTs). */
  pending: Map<string | number, ServerResponse>;
}

/**
 * Every stateful MCP session (2025-era Streamable HTTP and 2024-11-05 SSE) lives here and nowhere else:
 * bounded by max_sessions, closed after session_idle_timeout without traffic (never while a request of
 * it is pending), all closed on shutdown. Sessions hold no credentials, only the identity of their owner:
 * auth is read from each HTTP request.
 */
@Injectable()
export class SessionRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(SessionRegistry.name);
  private readonly sessions = new Map<string, McpSession>();
  private readonly idleMs: number;
  private readonly anonymousIdleMs: number;
  private readonly sweeper: NodeJS.Timeout;
  private closing = false;
  readonly maxSessions: number;

  constructor(
    @Inject(pandaMcpConfig.KEY) config: PandaMcpConfig,
    metrics: MetricsService,
    private readonly limits: CallerLimits,
  ) {
    metrics.setSessionSource(() => [
      { protocolEra: '2025', transport: 'streamable-http', count: this.countByKind('streamable-http') },
      { protocolEra: '2024-11-05', transport: 'sse', count: this.countByKind('sse') },
    ]);
    this.maxSessions = config.maxSessions;
    this.idleMs = config.sessionIdleTimeout * 1000;
    this.anonymousIdleMs = Math.min(this.idleMs, config.anonymousSessionIdleTimeout * 1000);
    const sweepEvery = Math.max(1000, Math.min(this.anonymousIdleMs / 4, 60_000));
    this.sweeper = setInterval(() => void this.closeIdle(), sweepEvery);
    this.sweeper.unref();
  }

  /** The clock; tests replace it to age sessions without waiting. */
  now: () => number = Date.now;

  get size(): number {
    return this.sessions.size;
  }

  countByKind(kind: SessionKind): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.kind === kind) count++;
    return count;
  }

  /** False once the service drains before shutdown. */
  get accepting(): boolean {
    return !this.closing;
  }

  /** False when no new session may open (full, or shutting down). */
  hasRoom(): boolean {
    return !this.closing && this.sessions.size < this.maxSessions;
  }

  /** True while the caller's allowance (its own, or the anonymous one) has room for one more session. */
  hasRoomFor(owner: string): boolean {
    const bucket = this.limits.bucketOf(owner);
    let held = 0;
    for (const session of this.sessions.values()) if (this.limits.bucketOf(session.owner) === bucket) held++;
    return held < this.limits.sessionAllowance(owner);
  }

  add<T extends SessionTransport>(
    session: Omit<McpSession<T>, 'createdAt' | 'lastActivityAt' | 'pending'>,
  ): McpSession<T> {
    const at = this.now();
    const stored: McpSession<T> = { ...session, createdAt: at, lastActivityAt: at, pending: new Map() };
    this.sessions.set(session.id, stored);
    return stored;
  }

  /**
   * Looks a session up for a request of `owner` and marks it active. Another identity's session is
   * answered exactly as an unknown one, so session ids cannot be probed or borrowed.
   */
  touch<T extends SessionTransport = SessionTransport>(
    id: string,
    kind: SessionKind,
    owner: string,
  ): McpSession<T> | undefined {
    const session = this.sessions.get(id);
    if (!session || session.kind !== kind || session.owner !== owner) return undefined;
    session.lastActivityAt = this.now();
    return session as McpSession<T>;
  }

  /** Forgets a session that its transport already closed (client DELETE, stream gone). */
  forget(id: string): void {
    this.sessions.delete(id);
  }

  async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    await Promise.allSettled([session.transport.close(), session.server.close()]);
  }

  async closeIdle(): Promise<number> {
    const now = this.now();
    const idleFor = (s: McpSession) =>
      this.limits.isAnonymous(s.owner) ? this.anonymousIdleMs : this.idleMs;
    const busy = (s: McpSession) => s.pending.size > 0 || (s.transport.requestsInFlight ?? 0) > 0;
    // a running call is activity: the idle time of a session starts when its last call ends (give or take
    // one sweep), not when that call was asked, so the answer to a long call is not followed by a sweep
    for (const session of this.sessions.values()) if (busy(session)) session.lastActivityAt = now;
    const idle = [...this.sessions.values()].filter((s) => s.lastActivityAt < now - idleFor(s));
    await Promise.allSettled(idle.map((s) => this.close(s.id)));
    if (idle.length > 0) this.logger.log(`closed ${idle.length} idle session(s)`);
    return idle.length;
  }

  /** Refuses new sessions from now on; used when draining before shutdown. */
  stopAccepting(): void {
    this.closing = true;
  }

  async closeAll(): Promise<void> {
    this.stopAccepting();
    await Promise.allSettled([...this.sessions.keys()].map((id) => this.close(id)));
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await this.closeAll();
  }
}
