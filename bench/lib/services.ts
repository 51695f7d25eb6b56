import * as fs from 'node:fs';
import * as path from 'node:path';
import { everyEndpoint } from '../../test/support/endpoint-lists';
import { request } from './http';
import { BenchProcess, REPO_ROOT, startNode, tempDir } from './processes';

export const SIM_MAIN = 'dist/apps/panda-sim/src/main.js';
export const MCP_MAIN = 'dist/apps/panda-mcp/src/main.js';
/** The floor (SDK v1) and the SDK v2 reference; both are bench/lib/floor.ts with another SDK. */
export const FLOOR_MAIN = 'dist/bench/bench/floor-server.js';
export const FLOOR_V2_MAIN = 'dist/bench/bench/floor-server-v2.js';
export const GC_PRELOAD = path.join(REPO_ROOT, 'dist', 'bench', 'bench', 'gc-on-signal.js');

const START_TIMEOUT_MS = 30_000;

export interface Service {
  name: string;
  process: BenchProcess;
  /** MCP endpoint (or, for the sim, the API base). */
  url: string;
  baseUrl: string;
  gcCount: number;
}

export interface NodeFlags {
  /** `--cpu-prof` into this folder, file `<name>.cpuprofile`. */
  cpuProfileDir?: string;
  /** `--expose-gc -r gc-on-signal.js` so that SIGUSR2 forces GC and prints memory. */
  gcOnSignal?: boolean;
  /** With gcOnSignal: also write a heap snapshot per signal here. */
  heapSnapshotDir?: string;
}

/** Node flags for a service: GC control through NODE_OPTIONS, --cpu-prof (not allowed there) as arguments. */
export function nodeFlags(name: string, flags: NodeFlags): { env: Record<string, string>; args: string[] } {
  const env: Record<string, string> = {};
  if (flags.gcOnSignal) env.NODE_OPTIONS = `--expose-gc --require "${GC_PRELOAD}"`;
  if (flags.heapSnapshotDir) env.BENCH_HEAPSNAPSHOT_DIR = flags.heapSnapshotDir;
  const args = flags.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${flags.cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  return { env, args };
}

export function checkBuilt(): void {
  for (const file of [SIM_MAIN, MCP_MAIN, FLOOR_MAIN, FLOOR_V2_MAIN, GC_PRELOAD]) {
    if (!fs.existsSync(path.resolve(REPO_ROOT, file))) {
      throw new Error(`${file} is missing: run "npm run bench" (it builds the service and the bench first)`);
    }
  }
}

export async function startSim(): Promise<Service & { stateDir: string }> {
  const stateDir = tempDir('panda-mcp-bench-sim-');
  // a bounded heap, as `npm run sim` runs it (apps/panda-sim/README.md)
  const proc = startNode(
    'panda-sim',
    SIM_MAIN,
    { PANDA_SIM_PORT: '0', PANDA_SIM_HOST: '127.0.0.1', PANDA_SIM_STATE_DIR: stateDir },
    ['--max-old-space-size=192'],
  );
  const match = await proc.waitFor(/panda-sim listening on (\S+)/, START_TIMEOUT_MS);
  return {
    name: 'panda-sim',
    process: proc,
    url: `${match[1]}/api/v1`,
    baseUrl: match[1],
    gcCount: 0,
    stateDir,
  };
}

let pandaHome: string | undefined;

/** Environment of a panda-mcp under test: loopback, warn-level logs, none of the machine's PanDA files. */
export function mcpEnv(simApiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  pandaHome ??= tempDir('panda-mcp-bench-home-');
  return {
    PANDA_MCP_HOST: '127.0.0.1',
    PANDA_SERVER_CONF_PORT_MCP: '0',
    PANDA_HOME: pandaHome,
    PANDA_API_URL: simApiUrl,
    LOG_LEVEL: 'warn',
    // the throughput sessions carry no token and wait up to ~150 s between their rounds while the other
    // cases run: longer than the 120 s an anonymous session may idle, after which every call was a 404
    PANDA_MCP_ANONYMOUS_SESSION_IDLE_TIMEOUT: '3600',
    ...extra,
  };
}

export async function startMcp(
  name: string,
  simApiUrl: string,
  extra: Record<string, string> = {},
  flags: NodeFlags = {},
): Promise<Service> {
  const node = nodeFlags(name, flags);
  const proc = startNode(name, MCP_MAIN, { ...mcpEnv(simApiUrl, extra), ...node.env }, node.args);
  const match = await proc.waitFor(/panda-mcp listening on (https?:\/\/[^\s"]+)/, START_TIMEOUT_MS);
  return { name, process: proc, url: match[1], baseUrl: new URL(match[1]).origin, gcCount: 0 };
}

export async function startFloor(
  name: string,
  simApiUrl: string,
  flags: NodeFlags = {},
  main = FLOOR_MAIN,
): Promise<Service> {
  const node = nodeFlags(name, flags);
  const proc = startNode(name, main, { FLOOR_UPSTREAM: simApiUrl, FLOOR_PORT: '0', ...node.env }, node.args);
  const match = await proc.waitFor(/floor listening on (\S+)/, START_TIMEOUT_MS);
  return { name, process: proc, url: match[1], baseUrl: new URL(match[1]).origin, gcCount: 0 };
}

/** Writes a PanDA-format endpoint list with every module/function of the bundled API description. */
export function writeFullEndpointList(): { file: string; count: number } {
  const { list, tools } = everyEndpoint(REPO_ROOT);
  const file = path.join(tempDir('panda-mcp-bench-list-'), 'all_endpoints.json');
  fs.writeFileSync(file, JSON.stringify(list, null, 2));
  return { file, count: tools.length };
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** V8 heap spaces (used bytes), e.g. old_space, code_space, large_object_space. */
  spaces?: Record<string, number>;
  /** The same read through the service's /metrics (prom-client default metrics), when it has one. */
  metricsHeapUsed?: number;
  metricsRss?: number;
}

function metricValue(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Forces two full GCs in the service (SIGUSR2 + gc-on-signal preload) and reads its memory. */
export async function measureMemory(service: Service, withMetrics: boolean): Promise<MemorySample> {
  const n = ++service.gcCount;
  service.process.child.kill('SIGUSR2');
  const match = await service.process.waitFor(new RegExp(`BENCH_GC ${n} (\\{[^\\n]*\\})`), 120_000);
  const usage = JSON.parse(match[1]) as MemorySample & { gcExposed: boolean };
  if (!usage.gcExposed) throw new Error(`${service.name}: global.gc is not exposed (--expose-gc missing)`);
  const sample: MemorySample = {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    spaces: usage.spaces,
  };
  if (withMetrics) {
    const answer = await request(`${service.baseUrl}/metrics`);
    sample.metricsHeapUsed = metricValue(answer.body, 'panda_mcp_nodejs_heap_size_used_bytes');
    sample.metricsRss = metricValue(answer.body, 'panda_mcp_process_resident_memory_bytes');
  }
  return sample;
}
