/** Memory cases (6): heap per idle 2025-era session (floor and panda-mcp), heap growth over stateless calls. */
import * as http from 'node:http';
import { request, runPool } from './http';
import { LoadTarget, runLoad } from './load';
import {
  CapturedRequest,
  fill,
  openSession,
  Session,
  templateOf,
  toolCallMessage,
  toolsListMessage,
} from './mcp-wire';
import { statelessTarget } from './mcp.targets';
import { checkDeadline, deadline, log, SETTINGS } from './run.settings';
import { measureMemory, MemorySample, NodeFlags, Service, startFloor, startMcp } from './services';

async function openSessions(service: Service, count: number, agent: http.Agent): Promise<Session[]> {
  const sessions: Session[] = [];
  await runPool(count, SETTINGS.connections, async () => {
    checkDeadline(`opening sessions on ${service.name}`);
    sessions.push(await openSession(service.url, agent, 'bench-idle'));
  });
  return sessions;
}

export interface SessionMemory {
  service: string;
  baseline: MemorySample;
  points: Array<{ sessions: number; memory: MemorySample; heapPerSession: number; rssPerSession: number }>;
}

async function measureIdleSessions(service: Service, withMetrics: boolean): Promise<SessionMemory> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SETTINGS.connections });
  try {
    // Warm up: a few sessions that do real work and are closed again, so that lazy state and JIT code
    // exist before the baseline is taken.
    const warm = await openSessions(service, 20, agent);
    const call = templateOf(toolCallMessage('system_is_alive'));
    const list = templateOf(toolsListMessage());
    for (const session of warm) {
      for (const template of [call, list]) {
        await request(service.url, { method: 'POST', agent, headers: session.headers, body: fill(template) });
      }
      await request(service.url, { method: 'DELETE', agent, headers: session.headers });
    }
    const baseline = await measureMemory(service, withMetrics);
    const result: SessionMemory = { service: service.name, baseline, points: [] };
    let open = 0;
    for (const count of SETTINGS.sessionCounts) {
      log(`${service.name}: opening idle sessions up to ${count}`);
      await openSessions(service, count - open, agent);
      open = count;
      const memory = await measureMemory(service, withMetrics);
      result.points.push({
        sessions: count,
        memory,
        heapPerSession: (memory.heapUsed - baseline.heapUsed) / count,
        rssPerSession: (memory.rss - baseline.rss) / count,
      });
    }
    return result;
  } finally {
    agent.destroy();
  }
}

export interface StatelessMemory {
  warmupCalls: number;
  points: Array<{ calls: number; memory: MemorySample; errors: number }>;
  growth: number;
}

async function measureStatelessGrowth(service: Service, target: LoadTarget): Promise<StatelessMemory> {
  const maxSeconds = Math.max(60, (deadline - Date.now()) / 1000 - 120);
  const warm = await runLoad(target, {
    connections: SETTINGS.connections,
    amount: SETTINGS.statelessWarmup,
    maxSeconds,
  });
  const points: StatelessMemory['points'] = [
    { calls: 0, memory: await measureMemory(service, true), errors: warm.errors },
  ];
  const half = Math.floor(SETTINGS.statelessCalls / 2);
  let calls = 0;
  for (const amount of [half, SETTINGS.statelessCalls - half]) {
    checkDeadline('stateless calls');
    const run = await runLoad(target, { connections: SETTINGS.connections, amount, maxSeconds });
    if (run.cutShort) throw new Error('stateless memory run hit its time bound');
    calls += run.requests;
    log(`${service.name}: ${calls} stateless calls (${(run.requests / run.durationS).toFixed(0)}/s)`);
    points.push({ calls, memory: await measureMemory(service, true), errors: run.errors });
  }
  const first = points[0].memory.heapUsed;
  const last = points[points.length - 1].memory.heapUsed;
  return { warmupCalls: warm.requests, points, growth: (last - first) / first };
}

export interface MemoryResults {
  floorSessions: SessionMemory;
  mcpSessions: SessionMemory;
  stateless: StatelessMemory;
}

/** Each measurement in a server of its own, started with the GC preload and stopped after it. */
export async function runMemoryCases(simApi: string, toolsCall: CapturedRequest): Promise<MemoryResults> {
  const maxSessions = String(Math.max(...SETTINGS.sessionCounts) + 100);
  const memFlags: NodeFlags = { gcOnSignal: true };
  const floorMem = await startFloor('floor-mem', simApi, memFlags);
  const floorSessions = await measureIdleSessions(floorMem, false);
  await floorMem.process.stop();
  const mcpMem = await startMcp(
    'mcp-mem-sessions',
    simApi,
    // The bench's sessions carry no token, so they count against the anonymous allowance and its shorter
    // idle timeout too: lift both, so that no session is refused or swept before it is measured.
    {
      PANDA_MCP_MAX_SESSIONS: maxSessions,
      PANDA_MCP_MAX_ANONYMOUS_SESSIONS: maxSessions,
      PANDA_MCP_ANONYMOUS_SESSION_IDLE_TIMEOUT: '1800',
    },
    memFlags,
  );
  const mcpSessions = await measureIdleSessions(mcpMem, true);
  await mcpMem.process.stop();
  const mcpMem2 = await startMcp('mcp-mem-stateless', simApi, {}, memFlags);
  log(`mcp-mem-stateless: ${SETTINGS.statelessWarmup} warm-up + ${SETTINGS.statelessCalls} stateless calls`);
  const stateless = await measureStatelessGrowth(
    mcpMem2,
    statelessTarget('stateless-memory', mcpMem2.url, toolsCall),
  );
  await mcpMem2.process.stop();
  return { floorSessions, mcpSessions, stateless };
}
