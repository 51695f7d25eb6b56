import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { startPandaMcp } from './bootstrap';

/**
 * `npm run demo`: panda-sim (a PanDA stand-in) plus panda-mcp wired to it, with a token for alice and a
 * client configuration to paste. Runs until Ctrl-C, then stops both.
 */
const distRoot = path.resolve(__dirname, '..', '..');
const simMain = path.join(distRoot, 'panda-sim', 'src', 'main.js');
const simToken = path.join(distRoot, 'panda-sim', 'src', 'token.js');

function startSim(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  // a bounded heap, as `npm run sim` runs it: the sim then stays under 300 MB serving its large tasks
  const child = spawn(process.execPath, ['--max-old-space-size=192', simMain], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('panda-sim did not start within 20 s')), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /panda-sim listening on (\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1].replace(/\/$/, '') });
      }
    });
    child.once('exit', (code) => reject(new Error(`panda-sim exited with code ${code}`)));
  });
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    PANDA_SIM_PORT: '25080',
    PANDA_SIM_STATE_DIR: path.join(os.tmpdir(), 'panda-sim'),
    // Keep the demo's terminal readable; LOG_LEVEL=info shows the JSON logs.
    LOG_LEVEL: 'warn',
    ...process.env,
  };
  const sim = await startSim(env);
  const stopSim = () => {
    if (sim.child.exitCode === null) sim.child.kill('SIGTERM');
  };
  try {
    const mcp = await startPandaMcp(
      {
        PANDA_MCP_HOST: '127.0.0.1',
        ...env,
        PANDA_API_URL_SSL: '',
        PANDA_API_URL: `${sim.url}/api/v1`,
      },
      { handleSignals: false },
    );
    const token = execFileSync(process.execPath, [simToken, '--user', 'alice', '--vo', 'atlas'], { env })
      .toString()
      .trim();
    const clientConfig = {
      mcpServers: {
        panda: {
          command: 'npx',
          args: [
            'mcp-remote',
            mcp.mcpUrl,
            '--header',
            'Authorization:${PANDA_AUTH}',
            '--header',
            'Origin:atlas',
          ],
          env: { PANDA_AUTH: `Bearer ${token}` },
        },
      },
    };
    process.stdout.write(
      [
        '',
        'panda-mcp demo: panda-mcp in front of panda-sim (a PanDA stand-in for tests and demos, not a PanDA server)',
        `  MCP endpoint : ${mcp.mcpUrl}   (transport ${mcp.config.transport})`,
        `  panda-sim    : ${sim.url}/api/v1   (users alice, bob: VO atlas members; carol: production role)`,
        '  Token for alice (valid 15 minutes; new one: npm run --silent sim:token -- --user alice --vo atlas):',
        `  export TOKEN=${token}`,
        '',
        'Client configuration (Claude Desktop / mcp-remote style):',
        JSON.stringify(clientConfig, null, 2),
        '',
        'Try it:',
        `  curl -s ${mcp.mcpUrl} -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\`,
        `    -H 'Origin: atlas' -H "Authorization: Bearer $TOKEN" \\`,
        `    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}'`,
        `  Calls seen by panda-sim: curl -s '${sim.url}/_sim/requests?limit=5'`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      process.stdout.write('\nstopping panda-mcp and panda-sim...\n');
      await mcp.close();
      stopSim();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  } catch (error) {
    stopSim();
    throw error;
  }
}

main().catch((error: Error) => {
  process.stderr.write(`panda-mcp demo: ${error.message}\n`);
  process.exit(1);
});
