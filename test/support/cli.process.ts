import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, freeLoopbackPort } from './child-process';
import { ensureBuilt } from './panda-mcp.process';

/** `bin/panda-mcp.js`, the command users and agents run. */
export const CLI = path.join(REPO_ROOT, 'bin', 'panda-mcp.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running CLI command (login, bridge, serve): its output so far, and bounded waits on it. */
export interface StartedCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (or stderr), within `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code, or rejects after `timeoutMs`. */
  exit(timeoutMs?: number): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * A clean environment for the CLI: PATH, a private HOME (so that the default token file is never the
 * machine's own ~/.panda_id_token) and what the test adds.
 */
export function cliEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home };
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** A private folder for one test file; remove it in afterAll. */
export function tempHome(prefix = 'panda-mcp-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o700);
  return dir;
}

/** Starts `node bin/panda-mcp.js <args>` (building dist/ first when the sources are newer). */
export function startCli(args: string[], env: Record<string, string>): StartedCli {
  ensureBuilt();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout) ?? pattern.exec(stderr);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const onExit = () => {
          check();
          cleanup();
          reject(new Error(`panda-mcp ${args[0]} exited before printing ${pattern}:\n${stdout}\n${stderr}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `panda-mcp ${args[0]} did not print ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
          child.off('exit', onExit);
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        child.once('exit', onExit);
        check();
      });
    },
    exit(timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`panda-mcp ${args[0]} still running after ${timeoutMs} ms:\n${stdout}\n${stderr}`),
            ),
          timeoutMs,
        );
        void exited.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Fails with the command's whole output unless it exited 0: a bare "expected 0, received 1" says nothing
 * about why (the CLI prints its reason on stderr).
 */
export function expectSuccess(result: CliResult): CliResult {
  if (result.code !== 0)
    throw new Error(`panda-mcp exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return result;
}

/** Runs a CLI command to its end, bounded in time (killed after `timeoutMs`). */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  const started = startCli(args, env);
  try {
    const code = await started.exit(timeoutMs);
    return { code, stdout: started.stdout(), stderr: started.stderr() };
  } finally {
    await started.stop();
  }
}

export { freeLoopbackPort };

/**
 * `panda-mcp login` against panda-sim, approved as `user` the way the sim's tests do it: the link the
 * CLI prints, plus `&user=<name>`. Resolves with the finished command's output.
 */
export async function loginWithSim(
  simBaseUrl: string,
  tokenFile: string,
  env: Record<string, string>,
  user = 'alice',
): Promise<CliResult & { verificationUrl: string }> {
  const login = startCli(
    ['login', '--panda-url', simBaseUrl, '--vo', 'atlas', '--token-file', tokenFile],
    env,
  );
  try {
    // up to the end of the line: output may arrive in chunks that split the code
    const [, verificationUrl] = await login.waitFor(/(https?:\/\/\S+user_code=[A-Z0-9-]+)\r?\n/);
    const approval = await fetch(`${verificationUrl}&user=${user}`, { signal: AbortSignal.timeout(10_000) });
    if (approval.status !== 200)
      throw new Error(`approval answered ${approval.status}: ${await approval.text()}`);
    const code = await login.exit(30_000);
    return { code, stdout: login.stdout(), stderr: login.stderr(), verificationUrl };
  } finally {
    await login.stop();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
