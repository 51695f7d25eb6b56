/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): top functions by self time and by inclusive time, and
 * self time by package. Used by `BENCH_PROFILE=1 npm run bench`, or on its own:
 *   node dist/bench/bench/profile-summary.js <file.cpuprofile> [--top 25]
 */
import * as fs from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  ms: number;
  /** Share of busy time (idle excluded). */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  topSelf: ProfileRow[];
  topInclusive: ProfileRow[];
  /** Inclusive time of functions in packages and panda-mcp code (node internals left out). */
  topInclusiveCode: ProfileRow[];
  byPackage: ProfileRow[];
  skippedMs: number;
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function shortUrl(url: string): string {
  if (!url) return '';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('/node_modules/');
  if (nm !== -1) return clean.slice(nm + '/node_modules/'.length);
  const dist = clean.indexOf('/dist/');
  if (dist !== -1) return clean.slice(dist + 1);
  return clean;
}

function packageOf(url: string): string {
  if (!url) return '(native/vm)';
  if (url.startsWith('node:')) return 'node: (core)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = clean.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = clean.indexOf('/dist/');
  if (dist !== -1) {
    const parts = clean.slice(dist + '/dist/'.length).split('/');
    return `panda-mcp ${parts.slice(0, 2).join('/')}`;
  }
  return clean;
}

function keyOf(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (SPECIAL.has(name)) return name;
  return `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function top(map: Map<string, number>, busyMs: number, count: number): ProfileRow[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000, percent: busyMs > 0 ? (100 * us) / 1000 / busyMs : 0 }));
}

/** `skipMs`: leave out the first milliseconds of the profile (e.g. process start-up before the load). */
export function summariseProfile(file: string, count = 25, skipMs = 0): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusiveCode = new Map<string, number>();
  const codeKeys = new Set<string>();
  let elapsedUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    elapsedUs += delta;
    if (elapsedUs < skipMs * 1000) continue;
    totalUs += delta;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idleUs += delta;
      continue;
    }
    if (name === '(garbage collector)') gcUs += delta;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + delta);
    const pkg = SPECIAL.has(name) ? name : packageOf(node.callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
    // Inclusive: every distinct function on the stack of this sample (bounded walk).
    const seen = new Set<string>();
    let id: number | undefined = node.id;
    for (let depth = 0; id !== undefined && depth < 2000; depth++) {
      const frame = byId.get(id)!.callFrame;
      const k = keyOf(frame);
      if (k !== '(root)' && !seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + delta);
        if (frame.url && !frame.url.startsWith('node:')) codeKeys.add(k);
      }
      id = parent.get(id);
    }
  }
  for (const k of codeKeys) inclusiveCode.set(k, inclusive.get(k) ?? 0);
  const busyMs = (totalUs - idleUs) / 1000;
  return {
    file,
    totalMs: totalUs / 1000,
    busyMs,
    idleMs: idleUs / 1000,
    gcMs: gcUs / 1000,
    topSelf: top(self, busyMs, count),
    topInclusive: top(inclusive, busyMs, count),
    topInclusiveCode: top(inclusiveCode, busyMs, count),
    byPackage: top(byPackage, busyMs, count),
    skippedMs: skipMs,
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const lines = [
    `profile ${summary.file}` +
      (summary.skippedMs ? ` (first ${summary.skippedMs.toFixed(0)} ms left out)` : ''),
    `  busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms sampled ` +
      `(idle ${summary.idleMs.toFixed(0)} ms, GC ${summary.gcMs.toFixed(0)} ms = ` +
      `${((100 * summary.gcMs) / Math.max(1, summary.busyMs)).toFixed(1)}% of busy)`,
  ];
  const section = (title: string, rows: ProfileRow[]) => {
    lines.push(`  ${title}:`);
    for (const row of rows) {
      lines.push(
        `    ${row.percent.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`,
      );
    }
  };
  section('self time by package', summary.byPackage.slice(0, 12));
  section('top self time', summary.topSelf);
  section('top inclusive time, packages and panda-mcp code', summary.topInclusiveCode);
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  const count = option('--top', 25);
  const skipMs = option('--skip-ms', 0);
  const files = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write(
      'usage: node dist/bench/bench/profile-summary.js <file.cpuprofile>... [--top N] [--skip-ms MS]\n',
    );
    process.exit(2);
  }
  for (const file of files)
    process.stdout.write(formatSummary(summariseProfile(file, count, skipMs)) + '\n\n');
}
