import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root (this file is compiled to dist/bench/bench/lib/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

const OUTPUT_TAIL_BYTES = 64 * 1024;
const STOP_GRACE_MS = 5_000;

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  /** When spawn() was called (performance.now()). */
  spawnedAt: number;
  /** The last 64 KiB of stdout and stderr, for error messages. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (bounded by timeoutMs). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

const running = new Set<BenchProcess>();
const tempDirs = new Set<string>();

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * Spawns `node <script>` with a clean environment plus `env`. Both pipes are always drained (only a
 * bounded tail is kept), so a chatty child can never block on a full pipe.
 */
export function startNode(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  nodeArgs: string[] = [],
): BenchProcess {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, path.resolve(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    tail += chunk.toString('utf8');
    if (tail.length > OUTPUT_TAIL_BYTES) tail = tail.slice(tail.length - OUTPUT_TAIL_BYTES);
    for (const listener of [...listeners]) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    for (const listener of [...listeners]) listener();
  });
  child.on('error', () => undefined);

  const proc: BenchProcess = {
    name,
    child,
    spawnedAt,
    output: () => tail,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        const check = () => {
          const match = pattern.exec(tail);
          if (match) {
            done();
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}). Output:\n${tail}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name}: no ${pattern} within ${timeoutMs} ms. Output:\n${tail}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async stop() {
      running.delete(proc);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  running.add(proc);
  return proc;
}

/** Stops every process the bench started and removes its temp folders. Safe to call more than once. */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((p) => p.stop()));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Last resort on process exit: synchronous, so it only kills. */
export function killAllNow(): void {
  for (const p of running) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  }
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}

/** A free loopback TCP port (bound and released; the tiny race is acceptable for a bench). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; NaN elsewhere). CPU per
 * call drifts much less than calls per second on a shared machine, so the report shows both.
 */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (USER_HZ = 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
