import type { Server } from '@modelcontextprotocol/server';
import { buildTestConfig } from '@panda-mcp/config';
import { MetricsService } from '@panda-mcp/operations';
import { SessionRegistry, SessionTransport } from './session-registry.service';

class TransportDouble implements SessionTransport {
  closed = 0;
  async close() {
    this.closed++;
  }
}

const serverDouble = { close: async () => undefined } as unknown as Server;

function build(overrides: { maxSessions?: number; sessionIdleTimeout?: number } = {}) {
  const sut = new SessionRegistry(
    buildTestConfig({ maxSessions: 2, sessionIdleTimeout: 60, ...overrides }),
    new MetricsService(),
  );
  let clock = 1_000_000;
  sut.now = () => clock;
  return { sut, advance: (ms: number) => (clock += ms) };
}

describe(SessionRegistry.name, () => {
  let sut: SessionRegistry;
  afterEach(async () => sut?.onModuleDestroy());

  it('reports open sessions by era and transport to the metrics', async () => {
    const metrics = new MetricsService();
    sut = new SessionRegistry(buildTestConfig(), metrics);
    sut.add({ id: 'a', kind: 'sse', transport: new TransportDouble(), server: serverDouble });
    const text = await metrics.render();
    expect(text).toContain('panda_mcp_sessions_open{protocol_era="2024-11-05",transport="sse"} 1');
    expect(text).toContain('panda_mcp_sessions_open{protocol_era="2025",transport="streamable-http"} 0');
  });

  it('refuses new sessions at max_sessions', () => {
    ({ sut } = build());
    sut.add({ id: 'a', kind: 'sse', transport: new TransportDouble(), server: serverDouble });
    expect(sut.hasRoom()).toBe(true);
    sut.add({ id: 'b', kind: 'streamable-http', transport: new TransportDouble(), server: serverDouble });
    expect(sut.hasRoom()).toBe(false);
    expect(sut.countByKind('sse')).toBe(1);
  });

  it('finds a session only under its own kind', () => {
    ({ sut } = build());
    sut.add({ id: 'a', kind: 'sse', transport: new TransportDouble(), server: serverDouble });
    expect(sut.touch('a', 'sse')?.id).toBe('a');
    expect(sut.touch('a', 'streamable-http')).toBeUndefined();
    expect(sut.touch('zzz', 'sse')).toBeUndefined();
  });

  it('closes sessions idle longer than session_idle_timeout, and keeps active ones', async () => {
    let advance: (ms: number) => number;
    ({ sut, advance } = build({ sessionIdleTimeout: 60 }));
    const idle = new TransportDouble();
    const active = new TransportDouble();
    sut.add({ id: 'idle', kind: 'sse', transport: idle, server: serverDouble });
    sut.add({ id: 'active', kind: 'sse', transport: active, server: serverDouble });
    advance(50_000);
    sut.touch('active', 'sse');
    advance(20_000);
    expect(await sut.closeIdle()).toBe(1);
    expect(idle.closed).toBe(1);
    expect(active.closed).toBe(0);
    expect(sut.size).toBe(1);
  });

  it('closes everything and accepts nothing new on shutdown', async () => {
    ({ sut } = build());
    const transport = new TransportDouble();
    sut.add({ id: 'a', kind: 'sse', transport, server: serverDouble });
    await sut.closeAll();
    expect(transport.closed).toBe(1);
    expect(sut.size).toBe(0);
    expect(sut.hasRoom()).toBe(false);
  });
});
