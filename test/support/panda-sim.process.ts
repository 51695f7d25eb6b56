import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
// test support drives the sim's own signer and shares its record type; it is not a lib
// eslint-disable-next-line no-restricted-imports
import { DEFAULT_CLIENT_ID, DEFAULT_ISSUER } from '../../apps/panda-sim/src/config/sim.config';
// eslint-disable-next-line no-restricted-imports
import { signSimToken } from '../../apps/panda-sim/src/identity/id-token.signer';
// eslint-disable-next-line no-restricted-imports
import type { SimRequestRecord } from '../../apps/panda-sim/src/request-log/request-log.service';

export type { SimRequestRecord };

export interface RunningPandaSim {
  baseUrl: string;
  /** baseUrl + '/api/v1' */
  apiUrl: string;
  /** PEM of the CA that signed the server certificate, when started with tls. */
  caFile?: string;
  stateDir: string;
  /** Process id of the sim, e.g. to read its memory from /proc. */
  pid: number;
  /** An ID token for a sim user (alice, bob, carol), signed with this sim's key. */
  token(user: string, vo?: string, ttlSeconds?: number): Promise<string>;
  /** The last API calls the sim received, newest first. */
  requests(limit?: number): Promise<SimRequestRecord[]>;
  /**
   * The newest `count` requests other than a panda-mcp's periodic upstream probe (a credential-free
   * is_alive every 30 s, which may land between a test's calls and its look at the log), newest first.
   */
  calls(count: number): Promise<SimRequestRecord[]>;
  /** The newest of those (`calls(1)[0]`). */
  lastCall(): Promise<SimRequestRecord | undefined>;
  /** How many of the recorded calls (the sim keeps the last 1000) went to this API path, e.g. `/task/kill`. */
  callsTo(apiPath: string): Promise<number>;
  /** Restores the seed data and clears the request log. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/**
 * As `npm run sim` starts it: a bounded V8 heap makes the sim collect its garbage (the records it builds
 * for large answers) before its resident memory passes 300 MB, instead of whenever V8 likes.
 */
const SIM_NODE_FLAGS = ['--max-old-space-size=192'];
const MAIN = path.join(REPO_ROOT, 'dist', 'apps', 'panda-sim', 'src', 'main.js');
const SOURCES = path.join(REPO_ROOT, 'apps', 'panda-sim', 'src');
const READY = /^panda-sim listening on (\S+)/m;
const CA_LINE = /^panda-sim CA certificate: (.+)$/m;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

let buildChecked = false;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

function simIsStale(): boolean {
  return !fs.existsSync(MAIN) || fs.statSync(MAIN).mtimeMs < newestSource(SOURCES);
}

/**
 * Builds once per test process: the repository's ensure-built script first, then panda-sim alone
 * if its output is still missing or older than its sources. A compile error elsewhere in the
 * repository does not stop the sim as long as its own output was written.
 */
function ensureBuilt(): void {
  if (buildChecked) return;
  buildChecked = true;
  try {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ensure-built.js')], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
  } catch {
    // reported below only if panda-sim itself could not be built
  }
  if (!simIsStale()) return;
  const nest = path.join(REPO_ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  try {
    execFileSync(process.execPath, [nest, 'build', 'panda-sim'], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch (error) {
    if (!fs.existsSync(MAIN)) {
      const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
      throw new Error(`panda-sim could not be built:\n${output}`);
    }
  }
}

/** GET/POST against the sim, trusting its CA when it serves HTTPS. */
function call(
  url: string,
  method: 'GET' | 'POST',
  caFile?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      { method, ca: caFile ? fs.readFileSync(caFile) : undefined, timeout: 10_000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out`)));
    request.on('error', reject);
    request.end();
  });
}

function waitForReady(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`panda-sim did not start within ${START_TIMEOUT_MS} ms. Output:\n${output()}`));
    }, START_TIMEOUT_MS);
    const check = () => {
      const match = READY.exec(output());
      if (match) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`panda-sim exited with ${code} before it was ready. Output:\n${output()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/**
 * Starts `node dist/apps/panda-sim/src/main.js` on a free loopback port with a fresh state folder,
 * and resolves once it prints its listening line. `env` is added to (and may override) the sim's
 * environment; `tls` serves HTTPS with a generated CA (see `caFile`).
 */
export async function startPandaSim(
  options: { env?: Record<string, string>; tls?: boolean } = {},
): Promise<RunningPandaSim> {
  ensureBuilt();
  const ownStateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-sim-test-'));
  fs.chmodSync(ownStateDir, 0o700);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.homedir(),
    PANDA_SIM_PORT: '0',
    PANDA_SIM_HOST: '127.0.0.1',
    PANDA_SIM_STATE_DIR: ownStateDir,
    ...(options.tls ? { PANDA_SIM_TLS: '1' } : {}),
    ...options.env,
  };
  const stateDir = env.PANDA_SIM_STATE_DIR;
  const child = spawn(process.execPath, [...SIM_NODE_FLAGS, MAIN], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(ownStateDir, { recursive: true, force: true });
  };

  let baseUrl: string;
  try {
    baseUrl = await waitForReady(child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const caFile = CA_LINE.exec(output)?.[1]?.trim();
  const issuer = env.PANDA_SIM_ISSUER?.trim() || DEFAULT_ISSUER;

  const requests = async (limit = 20) => {
    const answer = await call(`${baseUrl}/_sim/requests?limit=${limit}`, 'GET', caFile);
    if (answer.status !== 200) throw new Error(`/_sim/requests answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as SimRequestRecord[];
  };
  const calls = async (count: number) => {
    const recent = await requests(count + 20);
    return recent.filter((r) => !(r.path === '/api/v1/system/is_alive' && !r.authorization)).slice(0, count);
  };

  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/v1`,
    caFile,
    stateDir,
    pid: child.pid ?? 0,
    async token(user: string, vo?: string, ttlSeconds?: number) {
      const ttl = ttlSeconds ?? Number(env.PANDA_SIM_TOKEN_TTL ?? 900);
      return signSimToken({ stateDir, issuer, clientId: DEFAULT_CLIENT_ID, user, vo, ttlSeconds: ttl });
    },
    requests,
    calls,
    async lastCall() {
      return (await calls(1))[0];
    },
    async callsTo(apiPath: string) {
      const recorded = await requests(1000);
      return recorded.filter((r) => r.path === `/api/v1${apiPath}`).length;
    },
    async reset() {
      const answer = await call(`${baseUrl}/_sim/reset`, 'POST', caFile);
      if (answer.status !== 200) throw new Error(`/_sim/reset answered ${answer.status}: ${answer.body}`);
    },
    stop,
  };
}
