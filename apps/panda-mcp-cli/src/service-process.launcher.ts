import { ChildProcess, spawn as nodeSpawn, SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { resolveBundledPath } from '@panda-mcp/config';
import { CliError } from './cli.errors';
import type { ServeOptions } from './cli.program';

type Env = Record<string, string | undefined>;

/**
 * The service's own entry points, relative to the package root, as `nest build panda-mcp` writes them.
 * The CLI runs them as child processes: an app never imports another app, and the CLI's libraries
 * (commander, openid-client, undici) stay out of the service.
 */
export const SERVICE_ENTRY_POINTS = {
  serve: 'dist/apps/panda-mcp/src/main.js',
  demo: 'dist/apps/panda-mcp/src/demo.js',
} as const;

export type ServiceEntryPoint = keyof typeof SERVICE_ENTRY_POINTS;

/** What stops the service: a person's Ctrl-C, a supervisor's SIGTERM, a closed terminal. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The service's environment: this one, with serve's flags on top as the variables they stand for. */
export function serviceEnvironment(settings: ServeOptions, env: Env): Env {
  const overrides: Env = {};
  if (settings.host !== undefined) overrides.PANDA_MCP_HOST = settings.host;
  if (settings.port !== undefined) overrides.PANDA_SERVER_CONF_PORT_MCP = String(settings.port);
  if (settings.transport !== undefined) overrides.PANDA_MCP_TRANSPORT = settings.transport;
  if (settings.checkConfig) overrides.PANDA_MCP_CHECK_CONFIG = '1';
  return { ...env, ...overrides };
}

/** The exit code a shell reports for a process that ended by `signal`: 128 + its number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal ? os.constants.signals[signal] : undefined;
  return number ? 128 + number : 1;
}

/** Where the CLI listens for signals (the process; a double in tests). */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface LauncherDependencies {
  spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
  signals?: SignalSource;
  /** Absolute path of a file given relative to the package root. */
  resolve?: (relative: string) => string;
  exists?: (file: string) => boolean;
  /** The node binary that runs the entry point. */
  node?: string;
}

/**
 * Runs one of the service's entry points as `node <entry>` with the CLI's stdout and stderr, forwards
 * the stop signals to it, and resolves with its exit code once it has ended.
 *
 * The child gets a process group of its own, so that a terminal's Ctrl-C reaches it once, through the
 * CLI: the service drains on the first SIGINT and takes a second one as "stop now". stdin is not
 * passed on: neither entry point reads it, and a background process group that touched the terminal
 * would be stopped.
 */
export class ServiceProcessLauncher {
  private readonly spawn: NonNullable<LauncherDependencies['spawn']>;
  private readonly signals: SignalSource;
  private readonly resolve: (relative: string) => string;
  private readonly exists: (file: string) => boolean;
  private readonly node: string;

  constructor(deps: LauncherDependencies = {}) {
    this.spawn = deps.spawn ?? nodeSpawn;
    this.signals = deps.signals ?? process;
    this.resolve = deps.resolve ?? resolveBundledPath;
    this.exists = deps.exists ?? fs.existsSync;
    this.node = deps.node ?? process.execPath;
  }

  /** The absolute path of an entry point; a CliError when it has not been built. */
  entryPath(entry: ServiceEntryPoint): string {
    const file = this.resolve(SERVICE_ENTRY_POINTS[entry]);
    if (!this.exists(file)) {
      throw new CliError(`the service is not built yet (no ${file}); run \`npm run build\`, then try again`);
    }
    return file;
  }

  run(entry: ServiceEntryPoint, env: Env): Promise<number> {
    const file = this.entryPath(entry);
    const child = this.spawn(this.node, [file], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: process.platform !== 'win32',
    });
    const forwarders = FORWARDED_SIGNALS.map((signal) => {
      const forward = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      };
      this.signals.on(signal, forward);
      return { signal, forward };
    });
    const stopForwarding = () => {
      for (const { signal, forward } of forwarders) this.signals.off(signal, forward);
    };
    return new Promise((resolve, reject) => {
      child.once('error', (error) => {
        stopForwarding();
        reject(new CliError(`cannot start ${file}: ${error.message}`));
      });
      child.once('exit', (code, signal) => {
        stopForwarding();
        resolve(exitCodeOf(code, signal));
      });
    });
  }
}
