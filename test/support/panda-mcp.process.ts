import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, startNodeProcess, StartedProcess } from './child-process';

export interface RunningPandaMcp {
  /** e.g. http://127.0.0.1:40123/mcp/ */
  mcpUrl: string;
  baseUrl: string;
  process: StartedProcess;
  stop(): Promise<number | null>;
}

let built = false;

/** Builds dist/ once per test process when sources are newer (same check as `npm run demo`). */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ensure-built.js')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  built = true;
}

/** Starts the built service on a free loopback port; env adds to a clean environment. */
export async function startPandaMcp(env: Record<string, string | undefined>): Promise<RunningPandaMcp> {
  ensureBuilt();
  const started = await startNodeProcess(
    'dist/apps/panda-mcp/src/main.js',
    {
      PANDA_MCP_HOST: '127.0.0.1',
      PANDA_SERVER_CONF_PORT_MCP: '0',
      // Keep the machine's own PanDA files out of tests.
      PANDA_HOME: path.join(REPO_ROOT, 'test', 'fixtures', 'no-panda-home'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    /panda-mcp listening on /,
  );
  const mcpUrl = /listening on (https?:\/\/[^\s"]+)/.exec(started.readyLine)![1];
  return { mcpUrl, baseUrl: new URL(mcpUrl).origin, process: started, stop: () => started.stop() };
}
