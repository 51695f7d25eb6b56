import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/child-process';
import {
  cliEnv,
  expectSuccess,
  freeLoopbackPort,
  runCli,
  StartedCli,
  startCli,
  tempHome,
} from '../support/cli.process';
import { ensureBuilt } from '../support/panda-mcp.process';

/** The service's ready line, as its main.js prints it. */
const READY = /panda-mcp listening on (https?:\/\/[^\s"]+)/;

/** True while something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `panda-mcp serve` and `panda-mcp demo` start the service's own entry points (dist/apps/panda-mcp/src/
 * main.js and demo.js) as child processes: flags become the service's variables, its output is the
 * command's, a stop signal reaches it, and its exit code is the command's.
 */
describe('panda-mcp serve and demo (the service in a child process)', () => {
  let home: string;
  const started: StartedCli[] = [];
  const start = (args: string[], env: Record<string, string>) => {
    const cli = startCli(args, env);
    started.push(cli);
    return cli;
  };
  const serviceEnv = (extra: Record<string, string> = {}) =>
    cliEnv(home, {
      // nothing listens there: no test here calls PanDA, and nothing leaves the machine
      PANDA_API_URL: 'http://127.0.0.1:9/api/v1',
      PANDA_HOME: path.join(REPO_ROOT, 'test', 'fixtures', 'no-panda-home'),
      LOG_LEVEL: 'warn',
      ...extra,
    });

  beforeAll(() => {
    home = tempHome();
    ensureBuilt();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(started.map((cli) => cli.stop()));
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves on the flags given, prints the ready line, and stops the service on %s',
    async (signal) => {
      const port = await freeLoopbackPort();
      const serve = start(
        ['serve', '--host', '127.0.0.1', '--port', String(port), '--transport', 'sse'],
        serviceEnv({ PANDA_MCP_TRANSPORT: 'streamable-http' }),
      );
      const [line, url] = await serve.waitFor(READY, 30_000);
      expect(url).toBe(`http://127.0.0.1:${port}/mcp/`);
      expect(serve.stdout()).toContain('"transport":"sse"');
      expect(line).toBeTruthy();
      const health = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);

      serve.child.kill(signal);
      expect(await serve.exit(30_000)).toBe(0);
      // the service itself is gone, not only the command
      expect(await listening(port)).toBe(false);
    },
    60_000,
  );

  it("exits with the service's exit code and shows its own message", async () => {
    const result = await runCli(
      ['serve', '--host', '127.0.0.1'],
      serviceEnv({ PANDA_SERVER_CONF_PORT_MCP: '0', PANDA_MCP_TRANSPORT: 'websocket' }),
      30_000,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('panda-mcp: cannot start');
    expect(result.stderr).toContain('websocket');
  }, 60_000);

  it('runs the demo: panda-sim and the service, until stopped', async () => {
    const demo = start(
      ['demo'],
      serviceEnv({
        PANDA_MCP_HOST: '127.0.0.1',
        PANDA_SERVER_CONF_PORT_MCP: '0',
        PANDA_SIM_PORT: '0',
        PANDA_SIM_STATE_DIR: path.join(home, 'sim-state'),
      }),
    );
    const [, url] = await demo.waitFor(/MCP endpoint\s*:\s*(http\S+)/, 60_000);
    await demo.waitFor(/Press Ctrl-C to stop/, 10_000);
    const health = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(10_000) });
    expect(health.status).toBe(200);

    demo.child.kill('SIGTERM');
    expect(await demo.exit(30_000)).toBe(0);
    expect(await listening(Number(new URL(url).port))).toBe(false);
  }, 90_000);

  it('checks the shipped configuration with --check-config: the tool count, and exit 0 without listening or calling PanDA', async () => {
    const port = await freeLoopbackPort();
    // a PanDA that counts connections and never answers: the check must not even connect
    let connections = 0;
    const panda = net.createServer((socket) => {
      connections++;
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => panda.listen(0, '127.0.0.1', resolve));
    const pandaPort = (panda.address() as net.AddressInfo).port;
    let result;
    try {
      result = expectSuccess(
        await runCli(
          ['serve', '--check-config', '--port', String(port)],
          serviceEnv({ PANDA_API_URL: `http://127.0.0.1:${pandaPort}/api/v1`, PANDA_MCP_APPS: 'always' }),
        ),
      );
    } finally {
      panda.close();
    }
    expect(connections).toBe(0);
    expect(result.stdout).toMatch(/^panda-mcp configuration OK: 64 tools served \(\d+ that change state\)/);
    expect(result.stdout).toContain('using the endpoint list bundled with panda-mcp');
    expect(result.stdout).toContain('note: mcp_apps = always: every client gets the MCP Apps views');
    expect(await listening(port)).toBe(false);
  }, 60_000);

  it('lists every problem of a broken configuration with --check-config, and exits 1', async () => {
    const broken = await runCli(
      ['serve', '--check-config'],
      serviceEnv({ PANDA_MCP_MAX_SESSIONS: '0', PANDA_MCP_UPSTREAM_TIMEOUT: 'soon' }),
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Invalid panda-mcp configuration (2 problems)');
    expect(broken.stderr).toContain('max_sessions: must be an integer >= 1; got "0"');
    expect(broken.stderr).toContain('upstream_timeout: must be');
    const toolsets = path.join(home, 'toolsets.yaml');
    fs.writeFileSync(
      toolsets,
      'toolsets:\n  a: {members: [b]}\n  b: {members: [a]}\n  task: {members: [job]}\n',
    );
    const cyclic = await runCli(
      ['serve', '--check-config'],
      serviceEnv({ PANDA_MCP_TOOLSETS_FILE: toolsets, PANDA_MCP_TOOLSETS: 'a' }),
    );
    expect(cyclic.code).toBe(1);
    expect(cyclic.stderr).toContain('toolsets.task: a PanDA module has this name already');
    expect(cyclic.stderr).toContain('toolsets.a: its members lead back to itself (a cycle)');
  }, 60_000);
});
