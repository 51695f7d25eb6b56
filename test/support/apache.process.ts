import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, freeLoopbackPort } from './child-process';

/** Debian's Apache httpd and its module directory. */
export const APACHE_BINARY = '/usr/sbin/apache2';
export const APACHE_MODULE_DIR = '/usr/lib/apache2/modules';

/** Modules every instance loads: the MPM and what deploy/apache/*.conf use. */
const BASE_MODULES = ['mpm_event', 'authz_core', 'proxy', 'proxy_http', 'headers', 'setenvif', 'env'];

/** Why Apache cannot be run here, or undefined when it can. */
export function apacheUnavailableReason(modules: string[] = []): string | undefined {
  if (!fs.existsSync(APACHE_BINARY)) {
    return `${APACHE_BINARY} is not installed (apt-get install apache2; .ci/run installs it)`;
  }
  for (const module of [...BASE_MODULES, ...modules]) {
    const file = path.join(APACHE_MODULE_DIR, `mod_${module}.so`);
    if (!fs.existsSync(file)) return `Apache module ${file} is missing`;
  }
  return undefined;
}

export { freeLoopbackPort };

export interface ApacheOptions {
  /** The configuration file to include in the virtual host, relative to the repository root. */
  include: string;
  /** panda-mcp's port: Apache gets it as PANDA_SERVER_CONF_PORT_MCP, which the include expands. */
  backendPort: number;
  /** Further variables in Apache's environment, for the include to expand (e.g. balancer members). */
  env?: Record<string, string>;
  /** Port to listen on (127.0.0.1 only); a free one when omitted. */
  port?: number;
  /** Modules to load besides the base set, e.g. `deflate`, `ssl`. */
  modules?: string[];
  /** Directives at server level, before the virtual host. */
  serverDirectives?: string[];
  /** Directives inside the virtual host, before the include. */
  vhostDirectives?: string[];
  /** How long Apache may take to answer its first request. */
  readyTimeoutMs?: number;
}

export interface RunningApache {
  /** e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  port: number;
  /** The generated httpd.conf, for failure messages. */
  config: string;
  /** Access log lines: `<method> <path+query> <status> <Content-Encoding or ->`. */
  accessLog(): string[];
  /** Apache's error log and its stderr. */
  errors(): string;
  stop(): Promise<void>;
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Resolves when Apache answers any HTTP request on 127.0.0.1:port. */
async function waitForHttp(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`apache2 exited (${child.exitCode ?? child.signalCode}) before it answered`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/apache-ready-check`, {
        signal: AbortSignal.timeout(1_000),
      });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`apache2 did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/**
 * Runs /usr/sbin/apache2 in the foreground with a minimal generated httpd.conf in a temporary directory:
 * one `<VirtualHost 127.0.0.1:<port>>` that includes a file of deploy/apache/, and
 * PANDA_SERVER_CONF_PORT_MCP set to the backend port in Apache's environment.
 */
export async function startApache(options: ApacheOptions): Promise<RunningApache> {
  const unavailable = apacheUnavailableReason(options.modules);
  if (unavailable) throw new Error(unavailable);
  const port = options.port ?? (await freeLoopbackPort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-apache-'));
  const errorLog = path.join(dir, 'error.log');
  const accessLog = path.join(dir, 'access.log');
  const modules = [...BASE_MODULES, ...(options.modules ?? [])];
  // As root (CI), Apache's workers need an unprivileged account; Debian's apache2 package creates www-data.
  const asRoot = process.getuid?.() === 0;
  const config = [
    `ServerRoot "${dir}"`,
    `PidFile "${path.join(dir, 'httpd.pid')}"`,
    `DefaultRuntimeDir "${dir}"`,
    `ErrorLog "${errorLog}"`,
    'LogLevel warn',
    ...modules.map((m) => `LoadModule ${m}_module "${path.join(APACHE_MODULE_DIR, `mod_${m}.so`)}"`),
    ...(asRoot ? ['User www-data', 'Group www-data'] : []),
    'ServerName 127.0.0.1',
    'ServerTokens Prod',
    'StartServers 1',
    'ThreadsPerChild 25',
    'MaxRequestWorkers 50',
    `LogFormat "%m %U%q %>s %{Content-Encoding}o" panda_mcp_test`,
    `CustomLog "${accessLog}" panda_mcp_test`,
    ...(options.serverDirectives ?? []),
    `Listen 127.0.0.1:${port}`,
    `<VirtualHost 127.0.0.1:${port}>`,
    ...(options.vhostDirectives ?? []).map((d) => `    ${d}`),
    `    Include "${path.join(REPO_ROOT, options.include)}"`,
    '</VirtualHost>',
    '',
  ].join('\n');
  const configFile = path.join(dir, 'httpd.conf');
  fs.writeFileSync(configFile, config);

  const child = spawn(APACHE_BINARY, ['-f', configFile, '-DFOREGROUND'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      LANG: 'C',
      PANDA_SERVER_CONF_PORT_MCP: String(options.backendPort),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errors = () => `${readIfExists(errorLog)}${stderr}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForHttp(port, child, options.readyTimeoutMs ?? 20_000);
  } catch (error) {
    const output = errors();
    await stop();
    throw new Error(`${(error as Error).message}\n${output}\nhttpd.conf:\n${config}`);
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    config,
    accessLog: () => readIfExists(accessLog).split('\n').filter(Boolean),
    errors,
    stop,
  };
}
