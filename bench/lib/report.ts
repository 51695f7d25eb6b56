/** The report: ratios of the same run, targets, the printed table and latest.json. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryResults } from './memory.cases';
import { RESULTS_DIR } from './processes';
import { QUICK, SETTINGS, startedAt, TARGETS } from './run.settings';
import { StartupRun } from './startup.cases';
import { CaseStats, ThroughputResults } from './throughput.cases';
import { fmt, formatTable, median, Row } from './table';
import { AnswerSizeResults } from './answer-size.cases';
import { answerSizeSection } from './answer-size.report';

// ---------------------------------------------------------------------------------------------------------
// The bench's report: ratios, targets, table rows and the JSON file

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

export interface BenchResults {
  throughput: ThroughputResults;
  memory: MemoryResults;
  startup: StartupRun[];
  /** The endpoint list of every module/function (its tool count is in the table). */
  fullList: { file: string; count: number };
  answers: AnswerSizeResults;
}

/** Judges the targets, writes bench/results/latest.json and prints the table and the targets line. */
export function writeReport({ throughput, memory, startup, fullList, answers }: BenchResults): void {
  const { stats, wire } = throughput;
  const { floorSessions, mcpSessions, stateless } = memory;
  const s = (name: string) => stats.get(name)!;
  const floorVsBaseline = ratioOf(s('floor'), s('baseline'));
  const floorV2VsFloor = ratioOf(s('floorV2'), s('floor'));
  const floorV2VsBaseline = ratioOf(s('floorV2'), s('baseline'));
  const sessionVsFloor = ratioOf(s('session'), s('floor'));
  const statelessVsSession = ratioOf(s('stateless'), s('session'));
  const statelessVsFloor = ratioOf(s('stateless'), s('floor'));
  const legacyStatelessVsSession = ratioOf(s('legacyStateless'), s('session'));
  const tracedVsSession = ratioOf(s('sessionTraced'), s('session'));
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
    {
      id: 'legacy_stateless_throughput_vs_session',
      target: `>= ${TARGETS.legacyStatelessVsSession}x session`,
      value: legacyStatelessVsSession.ratio,
      pass: legacyStatelessVsSession.ratio >= TARGETS.legacyStatelessVsSession,
    },
    {
      id: 'traced_throughput_vs_session',
      target: `>= ${TARGETS.tracedVsSession}x session`,
      value: tracedVsSession.ratio,
      pass: tracedVsSession.ratio >= TARGETS.tracedVsSession,
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
  const answerSection = answerSizeSection(answers);
  targetResults.push(...answerSection.targets);
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
      '3b panda-mcp tools/call (2025 session), traced at 100%',
      s('sessionTraced'),
      `${fmt.ratio(tracedVsSession.ratio)} session${spread(tracedVsSession)}`,
      `>= ${TARGETS.tracedVsSession.toFixed(2)}x session`,
      passOf('traced_throughput_vs_session'),
    ),
    throughputRow(
      '4 panda-mcp tools/call (2026-07-28 stateless)',
      s('stateless'),
      `${fmt.ratio(statelessVsSession.ratio)} session${spread(statelessVsSession)}; ${fmt.ratio(statelessVsFloor.ratio)} floor`,
      `>= ${TARGETS.statelessVsSession.toFixed(1)}x session`,
      passOf('stateless_throughput_vs_session'),
    ),
    throughputRow(
      '4b panda-mcp tools/call (2025, session_mode = stateless)',
      s('legacyStateless'),
      `${fmt.ratio(legacyStatelessVsSession.ratio)} session${spread(legacyStatelessVsSession)}`,
      `>= ${TARGETS.legacyStatelessVsSession.toFixed(1)}x session`,
      passOf('legacy_stateless_throughput_vs_session'),
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

  rows.push(...answerSection.rows);

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
      legacyStatelessVsSession,
      tracedVsSession,
      toolsListVsBaseline: listVsBaseline,
    },
    memory: { idleSessions: { panda_mcp: mcpSessions, floor: floorSessions }, stateless },
    startup: { runs: startup, medianReadyMs: startupMedian, medianFloorMs: floorStartMedian },
    wire2026: { toolsCall: wire.toolsCall, toolsList: wire.toolsList },
    endpointListTools: fullList.count,
    answers,
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
}
