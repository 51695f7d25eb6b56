/** Start-up case (7): panda-mcp with the full registry to /readyz 200, alternated with the floor's start. */
import { request } from './http';
import { freePort, sleep, startNode } from './processes';
import { checkDeadline, log, SETTINGS } from './run.settings';
import { FLOOR_MAIN, MCP_MAIN, mcpEnv, nodeFlags } from './services';

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

export interface StartupRun {
  floorMs: number;
  mcpListeningMs: number;
  mcpReadyMs: number;
}

export async function measureStartup(
  simApi: string,
  listFile: string,
  profileDir?: string,
): Promise<StartupRun[]> {
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
