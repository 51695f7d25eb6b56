import type { Server } from '@modelcontextprotocol/server';
import { buildTestConfig } from '@panda-mcp/config';
import { MetricsService } from '@panda-mcp/operations';
import { CallerLimits } from './caller-limits.service';
import { SessionRegistry, SessionTransport } from './session-registry.service';

class TransportDouble implements SessionTransport {
  closed = 0;
  async close() {
    this.closed++;
  }
}

const serverDouble = { close: async () => undefined } as unknown as Server;

function build(overrides: { maxSessions?: number; sessionIdleTimeout?: number } = {}) {
  const config = buildTestConfig({
    maxSessions: 2,
    sessionIdleTimeout: 60,
    anonymousSessionIdleTimeout: 60,
    ...overrides,
  });
  const sut = new SessionRegistry(config, new MetricsService(), new CallerLimits(config));
  let clock = 1_000_000;
  sut.now = () => clock;
  return { sut, advance: (ms: number) => (clock += ms) };
}

describe(SessionRegistry.name, () => {
  let sut: SessionRegistry;
  afterEach(async () => sut?.onModuleDestroy());

  it('reports open sessions by era and transport to the metrics', async () => {
    const metrics = new MetricsService();
    sut = new SessionRegistry(buildTestConfig(), metrics, new CallerLimits(buildTestConfig()));
    sut.add({ id: 'a', kind: 'sse', transport: new TransportDouble(), server: serverDouble, owner: 'alice' });
    const text = await metrics.render();
    expect(text).toContain('panda_mcp_sessions_open{protocol_era="2024-11-05",transport="sse"} 1');
    expect(text).toContain('panda_mcp_sessions_open{protocol_era="2025",transport="streamable-http"} 0');
  });

  it('refuses new sessions at max_sessions', () => {
    ({ sut } = build());
    sut.add({ id: 'a', kind: 'sse', transport: new TransportDouble(), server: serverDouble, owner: 'alice' });
    expect(sut.hasRoom()).toBe(true);
    sut.add({
      id: 'b',
      kind: 'streamable-http',
      transport: new TransportDouble(),
      server: serverDouble,
      owner: 'alice',
    });
    expect(sut.hasRoom()).toBe(false);
    expect(sut.countByKind('sse')).toBe(1);
  });

  it('finds a session only under its own kind', () => {
    ({ sut } = build());
    sut.add({ id: 'a', kind: 'sse', transport: new TransportDouble(), server: serverDouble, owner: 'alice' });
    expect(sut.touch('a', 'sse', 'alice')?.id).toBe('a');
    expect(sut.touch('a', 'streamable-http', 'alice')).toBeUndefined();
    expect(sut.touch('zzz', 'sse', 'alice')).toBeUndefined();
  });

  it('answers another identity as if the session did not exist', () => {
    ({ sut } = build());
    sut.add({ id: 'a', kind: 'sse', transport: new TransportDouble(), server: serverDouble, owner: 'alice' });
    expect(sut.touch('a', 'sse', 'bob')).toBeUndefined();
    expect(sut.touch('a', 'sse', 'alice')?.id).toBe('a');
  });

  it('never sweeps a session while one of its requests is pending, and counts its idle time from then', async () => {
    let advance: (ms: number) => number;
    ({ sut, advance } = build({ sessionIdleTimeout: 60 }));
    const busy = new TransportDouble();
    const session = sut.add({
      id: 'busy',
      kind: 'sse',
      transport: busy,
      server: serverDouble,
      owner: 'alice',
    });
    session.pending.set(7, {} as never);
    advance(120_000);
    expect(await sut.closeIdle()).toBe(0);
    // the call ends: its answer is not followed at once by a sweep of the session
    session.pending.clear();
    advance(30_000);
    expect(await sut.closeIdle()).toBe(0);
    advance(31_000);
    expect(await sut.closeIdle()).toBe(1);
    expect(busy.closed).toBe(1);
  });

  it('closes sessions idle longer than session_idle_timeout, and keeps active ones', async () => {
    let advance: (ms: number) => number;
    ({ sut, advance } = build({ sessionIdleTimeout: 60 }));
    const idle = new TransportDouble();
    const active = new TransportDouble();
    sut.add({ id: 'idle', kind: 'sse', transport: idle, server: serverDouble, owner: 'alice' });
    sut.add({ id: 'active', kind: 'sse', transport: active, server: serverDouble, owner: 'alice' });
    advance(50_000);
    sut.touch('active', 'sse', 'alice');
    advance(20_000);
    expect(await sut.closeIdle()).toBe(1);
    expect(idle.closed).toBe(1);
    expect(active.closed).toBe(0);
    expect(sut.size).toBe(1);
  });

  it('closes everything and accepts nothing new on shutdown', async () => {
    ({ sut } = build());
    const transport = new TransportDouble();
    sut.add({ id: 'a', kind: 'sse', transport, server: serverDouble, owner: 'alice' });
    await sut.closeAll();
    expect(transport.closed).toBe(1);
    expect(sut.size).toBe(0);
    expect(sut.hasRoom()).toBe(false);
  });
});
