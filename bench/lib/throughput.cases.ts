/** Throughput cases (1-5), interleaved round by round. */
import * as http from 'node:http';
import { LoadRun, LoadTarget, quantile, runLoad, sortedCopy } from './load';
import {
  capture2026,
  hasToolCount,
  isToolSuccess,
  openSession,
  statelessLegacyHeaders,
  toolCallMessage,
  toolsListMessage,
} from './mcp-wire';
import { sanityCheck, sessionTarget, statelessTarget } from './mcp.targets';
import { cpuMsOf } from './processes';
import { checkDeadline, log, SETTINGS } from './run.settings';
import { FLOOR_V2_MAIN, NodeFlags, Service, startFloor, startMcp } from './services';

export interface CaseStats {
  name: string;
  rounds: Array<{
    rps: number;
    p50: number;
    p99: number;
    errors: number;
    errorKinds: LoadRun['errorKinds'];
    requests: number;
    durationS: number;
    cpuUsPerCall: number;
    simCpuUsPerCall: number;
  }>;
  requests: number;
  durationS: number;
  errors: number;
  latencies: number[];
  rps: number;
  p50: number;
  p99: number;
  /** CPU ms of the process under test (the sim for the baseline) and of the sim, summed over rounds. */
  cpuMs: number;
  simCpuMs: number;
  cpuUsPerCall: number;
  simCpuUsPerCall: number;
}

function emptyStats(name: string): CaseStats {
  return {
    name,
    rounds: [],
    requests: 0,
    durationS: 0,
    errors: 0,
    latencies: [],
    rps: 0,
    p50: NaN,
    p99: NaN,
    cpuMs: 0,
    simCpuMs: 0,
    cpuUsPerCall: NaN,
    simCpuUsPerCall: NaN,
  };
}

function addRound(stats: CaseStats, run: LoadRun, cpuMs: number, simCpuMs: number): void {
  const sorted = sortedCopy(run.latencies);
  stats.rounds.push({
    rps: run.requests / run.durationS,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    errors: run.errors,
    errorKinds: run.errorKinds,
    requests: run.requests,
    durationS: run.durationS,
    cpuUsPerCall: (1000 * cpuMs) / run.requests,
    simCpuUsPerCall: (1000 * simCpuMs) / run.requests,
  });
  stats.cpuMs += cpuMs;
  stats.simCpuMs += simCpuMs;
  stats.requests += run.requests;
  stats.durationS += run.durationS;
  stats.errors += run.errors;
  for (const value of run.latencies) stats.latencies.push(value);
}

function finish(stats: CaseStats): void {
  const sorted = sortedCopy(stats.latencies);
  stats.rps = stats.requests / stats.durationS;
  stats.p50 = quantile(sorted, 0.5);
  stats.p99 = quantile(sorted, 0.99);
  stats.cpuUsPerCall = (1000 * stats.cpuMs) / stats.requests;
  stats.simCpuUsPerCall = (1000 * stats.simCpuMs) / stats.requests;
  stats.latencies = [];
}

export interface ThroughputResults {
  /** Per case (target name), in the order the cases run. */
  stats: Map<string, CaseStats>;
  /** What the official v2 client sent, replayed by the stateless cases. */
  wire: Awaited<ReturnType<typeof capture2026>>;
  /** Per profile: how long after its process started the load began (start-up is left out of summaries). */
  profileSkipMs: Map<string, number>;
}

/**
 * Starts the two floors and three panda-mcp processes, warms each case up, runs the rounds in serpentine
 * order and stops those processes again (panda-sim, `sim`, stays up).
 */
export async function runThroughputCases(
  sim: Service,
  fullList: { file: string; count: number },
  flags: NodeFlags,
): Promise<ThroughputResults> {
  const simApi = sim.url;
  // an OTLP receiver that takes every export and keeps nothing: the traced case pays for export, not storage
  const otlpSink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => otlpSink.listen(0, '127.0.0.1', resolve));
  const otlpUrl = `http://127.0.0.1:${(otlpSink.address() as { port: number }).port}`;
  const [floor, floorV2, mcpSession, mcpStateless, mcpList, mcpLegacyStateless, mcpTraced] =
    await Promise.all([
      startFloor('floor', simApi, flags),
      startFloor('floor-v2', simApi, flags, FLOOR_V2_MAIN),
      startMcp('mcp-session', simApi, {}, flags),
      startMcp('mcp-stateless', simApi, {}, flags),
      startMcp('mcp-list', simApi, { PANDA_MCP_ENDPOINT_LIST_FILE: fullList.file }, flags),
      startMcp('mcp-legacy-stateless', simApi, { PANDA_MCP_SESSION_MODE: 'stateless' }, flags),
      // every call sampled (the default sampler on root spans), exported as protobuf
      startMcp('mcp-traced', simApi, { OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl }, flags),
    ]);
  const setupAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const floorSession = await openSession(floor.url, setupAgent);
  const floorV2Session = await openSession(floorV2.url, setupAgent);
  const mcpSessionSession = await openSession(mcpSession.url, setupAgent);
  const listSession = await openSession(mcpList.url, setupAgent);
  const tracedSession = await openSession(mcpTraced.url, setupAgent);
  setupAgent.destroy();
  const wire = await capture2026(mcpStateless.url, 'system_is_alive');
  log(`captured 2026-07-28 request: headers ${JSON.stringify(wire.toolsCall.headers)}`);

  const callMessage = toolCallMessage('system_is_alive');
  const targets: LoadTarget[] = [
    {
      name: 'baseline',
      url: `${simApi}/system/is_alive`,
      method: 'GET',
      headers: { accept: 'application/json' },
      verify: (body) => /"success":\s*true/.test(body),
    },
    { ...sessionTarget('floor', floor.url, floorSession, callMessage), verify: isToolSuccess },
    { ...sessionTarget('floorV2', floorV2.url, floorV2Session, callMessage), verify: isToolSuccess },
    { ...sessionTarget('session', mcpSession.url, mcpSessionSession, callMessage), verify: isToolSuccess },
    { ...sessionTarget('sessionTraced', mcpTraced.url, tracedSession, callMessage), verify: isToolSuccess },
    statelessTarget('stateless', mcpStateless.url, wire.toolsCall),
    // a 2025-era tools/call without a session, as session_mode = stateless serves it
    {
      ...sessionTarget(
        'legacyStateless',
        mcpLegacyStateless.url,
        { id: '', headers: statelessLegacyHeaders() },
        callMessage,
      ),
      verify: isToolSuccess,
    },
    {
      ...sessionTarget('toolsList', mcpList.url, listSession, toolsListMessage()),
      verify: hasToolCount(fullList.count),
    },
  ];
  for (const target of targets) await sanityCheck(target);
  const serviceOf: Record<string, Service> = {
    floor,
    floorV2,
    session: mcpSession,
    stateless: mcpStateless,
    toolsList: mcpList,
    legacyStateless: mcpLegacyStateless,
    sessionTraced: mcpTraced,
  };
  const profileSkipMs = new Map<string, number>();
  for (const target of targets) {
    const service = serviceOf[target.name];
    if (service) profileSkipMs.set(service.name, performance.now() - service.process.spawnedAt);
    log(`warm-up ${target.name} (${SETTINGS.warmupS} s)`);
    await runLoad(target, { connections: SETTINGS.connections, durationS: SETTINGS.warmupS, maxSeconds: 60 });
  }
  const stats = new Map(targets.map((t) => [t.name, emptyStats(t.name)]));
  for (let round = 0; round < SETTINGS.rounds; round++) {
    // Serpentine order (A B C D E, E D C B A, ...) so that slow drift hits every case alike.
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      checkDeadline('throughput rounds');
      const pid = (serviceOf[target.name] ?? sim).process.child.pid;
      const simPid = sim.process.child.pid;
      const [cpu0, simCpu0] = [cpuMsOf(pid), cpuMsOf(simPid)];
      const run = await runLoad(target, {
        connections: SETTINGS.connections,
        durationS: SETTINGS.roundS,
        maxSeconds: SETTINGS.roundS + 30,
      });
      addRound(stats.get(target.name)!, run, cpuMsOf(pid) - cpu0, cpuMsOf(simPid) - simCpu0);
      log(
        `round ${round + 1}/${SETTINGS.rounds} ${target.name}: ${(run.requests / run.durationS).toFixed(0)}/s, ` +
          `${run.errors} errors`,
      );
    }
  }
  for (const s of stats.values()) finish(s);
  await Promise.all(
    [floor, floorV2, mcpSession, mcpStateless, mcpList, mcpLegacyStateless, mcpTraced].map((s) =>
      s.process.stop(),
    ),
  );
  await new Promise<void>((resolve) => otlpSink.close(() => resolve()));
  return { stats, wire, profileSkipMs };
}
