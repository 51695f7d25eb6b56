/**
 * panda-mcp benchmark: `npm run bench` (full, ~9 min) or `BENCH_QUICK=1 npm run bench` (~1 min smoke).
 * `BENCH_PROFILE=1` adds --cpu-prof to the services under load and prints where their time goes.
 * How to read the output: bench/README.md.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { request, runPool } from './lib/http';
import { LoadRun, LoadTarget, quantile, runLoad, sortedCopy, stopCurrentLoad } from './lib/load';
import {
  capture2026,
  CapturedRequest,
  fill,
  hasToolCount,
  isToolSuccess,
  openSession,
  Session,
  templateOf,
  toolCallMessage,
  toolsListMessage,
} from './lib/mcp-wire';
import { cpuMsOf, freePort, killAllNow, RESULTS_DIR, sleep, startNode, stopAll } from './lib/processes';
import { fmt, formatTable, median, Row } from './lib/report';
import {
  checkBuilt,
  FLOOR_MAIN,
  FLOOR_V2_MAIN,
  MCP_MAIN,
  measureMemory,
  MemorySample,
  mcpEnv,
  NodeFlags,
  nodeFlags,
  Service,
  startFloor,
  startMcp,
  startSim,
  writeFullEndpointList,
} from './lib/services';
import { formatSummary, summariseProfile } from './profile-summary';

const QUICK = process.env.BENCH_QUICK === '1';
const PROFILE = process.env.BENCH_PROFILE === '1';

const SETTINGS = QUICK
  ? {
      connections: 16,
      warmupS: 1,
      rounds: 3,
      roundS: 2,
      sessionCounts: [200, 1_000],
      statelessWarmup: 2_000,
      statelessCalls: 10_000,
      startupRuns: 2,
      deadlineS: 300,
    }
  : {
      connections: 16,
      warmupS: 3,
      // At least 5: every ratio shown is the median of the per-round ratios.
      rounds: 5,
      roundS: 10,
      sessionCounts: [1_000, 10_000],
      statelessWarmup: 10_000,
      statelessCalls: 100_000,
      startupRuns: 5,
      deadlineS: 1_200,
    };

const TARGETS = {
  sessionThroughputVsFloor: 0.75,
  sessionP99VsFloor: 2.0,
  statelessVsSession: 0.8,
  heapPerSessionBytes: 20 * 1024,
  statelessHeapGrowth: 0.05,
  startupMs: 1_500,
};

const startedAt = Date.now();
const deadline = startedAt + SETTINGS.deadlineS * 1000;

function log(message: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

function checkDeadline(what: string): void {
  if (Date.now() > deadline)
    throw new Error(`bench deadline (${SETTINGS.deadlineS} s) passed during ${what}`);
}

// ---------------------------------------------------------------------------------------------------------
// Throughput cases (1-5), interleaved round by round

interface CaseStats {
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

interface Ratio {
  /** The median of the per-round ratios (each round compares two cases measured minutes apart at most). */
  ratio: number;
  perRound: number[];
  /** The ratio of the totals over all rounds (for the JSON; drift between rounds weighs on it). */
  ofTotals: number;
}

/** a / b of throughput (or of p99) per round; the median of those is the ratio shown and judged. */
function ratioOf(a: CaseStats, b: CaseStats, key: 'rps' | 'p99' = 'rps'): Ratio {
  const perRound = a.rounds.map((r, i) => r[key] / b.rounds[i][key]);
  return { ratio: median(perRound), perRound, ofTotals: a[key] / b[key] };
}

function sessionTarget(name: string, url: string, session: Session, message: Record<string, unknown>) {
  const template = templateOf(message);
  return { name, url, method: 'POST' as const, headers: session.headers, body: () => fill(template) };
}

function statelessTarget(name: string, url: string, captured: CapturedRequest): LoadTarget {
  const template = templateOf(captured.body);
  const headers = { ...captured.headers };
  delete headers['content-length'];
  return { name, url, method: 'POST', headers, body: () => fill(template), verify: isToolSuccess };
}

async function sanityCheck(target: LoadTarget): Promise<void> {
  const answer = await request(target.url, {
    method: target.method,
    headers: target.headers,
    body: target.body?.(),
  });
  if (answer.status !== 200 || !target.verify(answer.body)) {
    throw new Error(`${target.name}: unexpected answer ${answer.status}: ${answer.body.slice(0, 500)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Memory cases (6)

async function openSessions(service: Service, count: number, agent: http.Agent): Promise<Session[]> {
  const sessions: Session[] = [];
  await runPool(count, SETTINGS.connections, async () => {
    checkDeadline(`opening sessions on ${service.name}`);
    sessions.push(await openSession(service.url, agent, 'bench-idle'));
  });
  return sessions;
}

interface SessionMemory {
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

interface StatelessMemory {
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

// ---------------------------------------------------------------------------------------------------------
// Start-up (7)

async function pollUntil(url: string, ok: (status: number) => boolean, timeoutMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  for (let attempt = 0; attempt < 100_000 && performance.now() < until; attempt++) {
    try {
      const answer = await request(url, { agent: false, timeoutMs: 1_000 });
      if (ok(answer.status)) return performance.now();
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

interface StartupRun {
  floorMs: number;
  mcpListeningMs: number;
  mcpReadyMs: number;
}

async function measureStartup(simApi: string, listFile: string, profileDir?: string): Promise<StartupRun[]> {
  const runs: StartupRun[] = [];
  for (let i = 0; i < SETTINGS.startupRuns; i++) {
    checkDeadline('start-up runs');
    // A: the bare SDK floor, to its first HTTP answer.
    const floorPort = await freePort();
    const floor = startNode(`startup-floor-${i}`, FLOOR_MAIN, {
      FLOOR_UPSTREAM: simApi,
      FLOOR_PORT: String(floorPort),
    });
    const floorReady = await pollUntil(`http://127.0.0.1:${floorPort}/healthz`, (s) => s > 0, 20_000);
    const floorMs = floorReady - floor.spawnedAt;
    await floor.stop();
    // B: panda-mcp with the full registry, to /readyz 200.
    const port = await freePort();
    const node = nodeFlags('startup-mcp', profileDir && i === 0 ? { cpuProfileDir: profileDir } : {});
    const mcp = startNode(
      `startup-mcp-${i}`,
      MCP_MAIN,
      {
        ...mcpEnv(simApi, {
          PANDA_SERVER_CONF_PORT_MCP: String(port),
          PANDA_MCP_ENDPOINT_LIST_FILE: listFile,
        }),
        ...node.env,
      },
      node.args,
    );
    let listeningAt = NaN;
    const listening = mcp
      .waitFor(/panda-mcp listening on /, 20_000)
      .then(() => (listeningAt = performance.now()))
      .catch(() => undefined);
    const readyAt = await pollUntil(`http://127.0.0.1:${port}/readyz`, (s) => s === 200, 20_000);
    await listening;
    runs.push({ floorMs, mcpListeningMs: listeningAt - mcp.spawnedAt, mcpReadyMs: readyAt - mcp.spawnedAt });
    log(
      `start-up run ${i + 1}: floor ${floorMs.toFixed(0)} ms, panda-mcp ready ${(readyAt - mcp.spawnedAt).toFixed(0)} ms`,
    );
    await mcp.stop();
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  checkBuilt();
  const stamp = new Date(startedAt).toISOString().replace(/[:.]/g, '-');
  const profileDir = PROFILE ? path.join(RESULTS_DIR, 'profiles', stamp) : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const flags: NodeFlags = profileDir ? { cpuProfileDir: profileDir } : {};
  log(`${QUICK ? 'quick' : 'full'} run${PROFILE ? ' with CPU profiles' : ''}; ${os.cpus().length} CPUs`);

  const sim = await startSim();
  const simApi = sim.url;
  const fullList = writeFullEndpointList();
  log(`panda-sim at ${sim.baseUrl}; full endpoint list: ${fullList.count} tools`);

  // --- cases 1-5 -------------------------------------------------------------------------------------
  const [floor, floorV2, mcpSession, mcpStateless, mcpList] = await Promise.all([
    startFloor('floor', simApi, flags),
    startFloor('floor-v2', simApi, flags, FLOOR_V2_MAIN),
    startMcp('mcp-session', simApi, {}, flags),
    startMcp('mcp-stateless', simApi, {}, flags),
    startMcp('mcp-list', simApi, { PANDA_MCP_ENDPOINT_LIST_FILE: fullList.file }, flags),
  ]);
  const setupAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const floorSession = await openSession(floor.url, setupAgent);
  const floorV2Session = await openSession(floorV2.url, setupAgent);
  const mcpSessionSession = await openSession(mcpSession.url, setupAgent);
  const listSession = await openSession(mcpList.url, setupAgent);
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
    statelessTarget('stateless', mcpStateless.url, wire.toolsCall),
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
  };
  /** Per profile: how long after its process started the load began (start-up is left out of summaries). */
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
  await Promise.all([floor, floorV2, mcpSession, mcpStateless, mcpList].map((s) => s.process.stop()));

  // --- case 6: memory --------------------------------------------------------------------------------
  const maxSessions = String(Math.max(...SETTINGS.sessionCounts) + 100);
  const memFlags: NodeFlags = { gcOnSignal: true };
  const floorMem = await startFloor('floor-mem', simApi, memFlags);
  const floorSessions = await measureIdleSessions(floorMem, false);
  await floorMem.process.stop();
  const mcpMem = await startMcp(
    'mcp-mem-sessions',
    simApi,
    { PANDA_MCP_MAX_SESSIONS: maxSessions },
    memFlags,
  );
  const mcpSessions = await measureIdleSessions(mcpMem, true);
  await mcpMem.process.stop();
  const mcpMem2 = await startMcp('mcp-mem-stateless', simApi, {}, memFlags);
  log(`mcp-mem-stateless: ${SETTINGS.statelessWarmup} warm-up + ${SETTINGS.statelessCalls} stateless calls`);
  const stateless = await measureStatelessGrowth(
    mcpMem2,
    statelessTarget('stateless-memory', mcpMem2.url, wire.toolsCall),
  );
  await mcpMem2.process.stop();

  // --- case 7: start-up ------------------------------------------------------------------------------
  const startup = await measureStartup(simApi, fullList.file, profileDir);
  await sim.process.stop();

  // --- report ----------------------------------------------------------------------------------------
  const s = (name: string) => stats.get(name)!;
  const floorVsBaseline = ratioOf(s('floor'), s('baseline'));
  const floorV2VsFloor = ratioOf(s('floorV2'), s('floor'));
  const floorV2VsBaseline = ratioOf(s('floorV2'), s('baseline'));
  const sessionVsFloor = ratioOf(s('session'), s('floor'));
  const statelessVsSession = ratioOf(s('stateless'), s('session'));
  const statelessVsFloor = ratioOf(s('stateless'), s('floor'));
  const listVsBaseline = ratioOf(s('toolsList'), s('baseline'));
  const p99VsFloor = ratioOf(s('session'), s('floor'), 'p99');
  const p99Ratio = p99VsFloor.ratio;
  const heapPerSession = mcpSessions.points.map((p) => p.heapPerSession);
  const startupMedian = median(startup.map((r) => r.mcpReadyMs));
  const floorStartMedian = median(startup.map((r) => r.floorMs));

  const targetResults = [
    {
      id: 'session_throughput_vs_floor',
      target: `>= ${TARGETS.sessionThroughputVsFloor}x floor`,
      value: sessionVsFloor.ratio,
      pass: sessionVsFloor.ratio >= TARGETS.sessionThroughputVsFloor,
    },
    {
      id: 'session_p99_vs_floor',
      target: `<= ${TARGETS.sessionP99VsFloor}x floor p99`,
      value: p99Ratio,
      pass: p99Ratio <= TARGETS.sessionP99VsFloor,
    },
    {
      id: 'stateless_throughput_vs_session',
      target: `>= ${TARGETS.statelessVsSession}x session`,
      value: statelessVsSession.ratio,
      pass: statelessVsSession.ratio >= TARGETS.statelessVsSession,
    },
    ...mcpSessions.points.map((p) => ({
      id: `heap_per_idle_session_${p.sessions}`,
      target: `<= ${TARGETS.heapPerSessionBytes / 1024} KiB/session`,
      value: p.heapPerSession,
      pass: p.heapPerSession <= TARGETS.heapPerSessionBytes,
    })),
    {
      id: 'stateless_heap_growth',
      target: `<= ${TARGETS.statelessHeapGrowth * 100}% after ${SETTINGS.statelessCalls} calls`,
      value: stateless.growth,
      pass: stateless.growth <= TARGETS.statelessHeapGrowth,
    },
    {
      id: 'startup_to_ready',
      target: `<= ${TARGETS.startupMs} ms`,
      value: startupMedian,
      pass: startupMedian <= TARGETS.startupMs,
    },
  ];
  const passOf = (id: string) => fmt.pass(targetResults.find((t) => t.id === id)!.pass);
  const spread = (r: { perRound: number[] }) =>
    r.perRound.length > 1
      ? ` [${fmt.ratio(Math.min(...r.perRound))}-${fmt.ratio(Math.max(...r.perRound))}]`
      : '';
  const throughputRow = (label: string, c: CaseStats, vs: string, target = '', result = ''): Row => ({
    case: label,
    value: `${fmt.rate(c.rps)} /s`,
    p50: fmt.ms(c.p50),
    p99: fmt.ms(c.p99),
    errors: String(c.errors),
    cpu: Number.isFinite(c.cpuUsPerCall) ? c.cpuUsPerCall.toFixed(0) : 'n/a',
    vs,
    target,
    result,
  });
  const rows: Row[] = [
    throughputRow('1 baseline: REST GET is_alive (panda-sim)', s('baseline'), 'reference'),
    throughputRow(
      '2 floor: bare SDK v1 tools/call (2025 session)',
      s('floor'),
      `${fmt.ratio(floorVsBaseline.ratio)} baseline${spread(floorVsBaseline)}`,
    ),
    throughputRow(
      '2b floor v2: bare SDK v2 tools/call (2025 session)',
      s('floorV2'),
      `${fmt.ratio(floorV2VsFloor.ratio)} floor${spread(floorV2VsFloor)}; ${fmt.ratio(floorV2VsBaseline.ratio)} baseline`,
    ),
    throughputRow(
      '3 panda-mcp tools/call (2025 session)',
      s('session'),
      `${fmt.ratio(sessionVsFloor.ratio)} floor${spread(sessionVsFloor)}`,
      `>= ${TARGETS.sessionThroughputVsFloor.toFixed(2)}x floor`,
      passOf('session_throughput_vs_floor'),
    ),
    {
      case: '  p99 of 3 vs p99 of 2',
      value: '',
      vs: `${fmt.ratio(p99Ratio)} floor p99${spread(p99VsFloor)}`,
      target: `<= ${TARGETS.sessionP99VsFloor.toFixed(1)}x floor p99`,
      result: passOf('session_p99_vs_floor'),
    },
    throughputRow(
      '4 panda-mcp tools/call (2026-07-28 stateless)',
      s('stateless'),
      `${fmt.ratio(statelessVsSession.ratio)} session${spread(statelessVsSession)}; ${fmt.ratio(statelessVsFloor.ratio)} floor`,
      `>= ${TARGETS.statelessVsSession.toFixed(1)}x session`,
      passOf('stateless_throughput_vs_session'),
    ),
    throughputRow(
      `5 panda-mcp tools/list, ${fullList.count} tools (session)`,
      s('toolsList'),
      `${fmt.ratio(listVsBaseline.ratio)} baseline${spread(listVsBaseline)}`,
    ),
  ];
  mcpSessions.points.forEach((p, i) => {
    const floorPoint = floorSessions.points[i];
    rows.push({
      case: `6 idle 2025 sessions x${p.sessions}: heap per session`,
      value: fmt.kib(p.heapPerSession),
      vs: `${fmt.ratio(p.heapPerSession / floorPoint.heapPerSession)} floor (${fmt.kib(floorPoint.heapPerSession)})`,
      target: `<= ${TARGETS.heapPerSessionBytes / 1024} KiB`,
      result: passOf(`heap_per_idle_session_${p.sessions}`),
    });
    rows.push({
      case: `  RSS per session; heap/RSS at x${p.sessions}`,
      value: fmt.kib(p.rssPerSession),
      vs: `heap ${fmt.mib(p.memory.heapUsed)}, RSS ${fmt.mib(p.memory.rss)}`,
    });
  });
  const first = stateless.points[0].memory;
  const last = stateless.points[stateless.points.length - 1].memory;
  rows.push({
    case: `6 heap after ${stateless.points[stateless.points.length - 1].calls} stateless calls`,
    value: fmt.pct(stateless.growth * 100),
    errors: String(stateless.points.reduce((n, p) => n + p.errors, 0)),
    vs: `${fmt.mib(first.heapUsed)} -> ${fmt.mib(last.heapUsed)}; RSS ${fmt.mib(first.rss)} -> ${fmt.mib(last.rss)}`,
    target: `<= +${TARGETS.statelessHeapGrowth * 100}%`,
    result: passOf('stateless_heap_growth'),
  });
  rows.push({
    case: `7 start-up to /readyz 200 (${fullList.count} tools), median`,
    value: `${startupMedian.toFixed(0)} ms`,
    vs: `${fmt.ratio(startupMedian / floorStartMedian)} floor start (${floorStartMedian.toFixed(0)} ms); max ${Math.max(...startup.map((r) => r.mcpReadyMs)).toFixed(0)} ms`,
    target: `<= ${TARGETS.startupMs} ms`,
    result: passOf('startup_to_ready'),
  });

  const report = {
    tool: 'panda-mcp bench',
    mode: QUICK ? 'quick' : 'full',
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date().toISOString(),
    durationS: Math.round((Date.now() - startedAt) / 1000),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryBytes: os.totalmem(),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverageAtEnd: os.loadavg(),
    },
    settings: SETTINGS,
    targets: targetResults,
    throughput: Object.fromEntries(
      [...stats.values()].map((c) => [
        c.name,
        {
          callsPerSecond: c.rps,
          p50Ms: c.p50,
          p99Ms: c.p99,
          errors: c.errors,
          cpuUsPerCall: c.cpuUsPerCall,
          simCpuUsPerCall: c.simCpuUsPerCall,
          requests: c.requests,
          durationS: c.durationS,
          rounds: c.rounds,
        },
      ]),
    ),
    ratios: {
      floorVsBaseline,
      floorV2VsFloor,
      floorV2VsBaseline,
      sessionVsFloor,
      sessionP99VsFloorP99: p99VsFloor,
      statelessVsSession,
      statelessVsFloor,
      toolsListVsBaseline: listVsBaseline,
    },
    memory: { idleSessions: { panda_mcp: mcpSessions, floor: floorSessions }, stateless },
    startup: { runs: startup, medianReadyMs: startupMedian, medianFloorMs: floorStartMedian },
    wire2026: { toolsCall: wire.toolsCall, toolsList: wire.toolsList },
    endpointListTools: fullList.count,
    heapPerSessionBytes: heapPerSession,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const out = path.join(RESULTS_DIR, 'latest.json');
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');

  process.stdout.write(`\n${formatTable(rows)}\n\n`);
  const failed = targetResults.filter((t) => !t.pass);
  process.stdout.write(
    `targets: ${targetResults.length - failed.length} passed, ${failed.length} failed` +
      (failed.length ? ` (${failed.map((t) => t.id).join(', ')})` : '') +
      `\nresults: ${path.relative(process.cwd(), out)}  (${report.mode} run, ${report.durationS} s)\n`,
  );
  if (profileDir) {
    for (const file of fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))) {
      const skipMs = profileSkipMs.get(file.replace(/\.cpuprofile$/, '')) ?? 0;
      process.stdout.write(`\n${formatSummary(summariseProfile(path.join(profileDir, file), 20, skipMs))}\n`);
    }
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      killAllNow();
      process.exit(130);
    }
    interrupted = true;
    process.stderr.write(`\n[bench] ${signal}: stopping load and every started process...\n`);
    stopCurrentLoad();
    void stopAll().finally(() => process.exit(130));
  });
}
process.on('exit', killAllNow);

const hardStop = setTimeout(
  () => {
    process.stderr.write(`[bench] hard time limit reached; stopping everything\n`);
    stopCurrentLoad();
    void stopAll().finally(() => process.exit(1));
  },
  (SETTINGS.deadlineS + 60) * 1000,
);
hardStop.unref();

main()
  .then(() => stopAll())
  .then(() => process.exit(0))
  .catch(async (error: Error) => {
    process.stderr.write(`[bench] failed: ${error.stack ?? error.message}\n`);
    stopCurrentLoad();
    await stopAll();
    process.exit(1);
  });
