import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/child-process';
import { connect2025 } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';

/** Writes the files of every module a process loaded to $LOADED_MODULES_FILE, at exit. */
const PRELOAD = path.join(REPO_ROOT, 'test', 'support', 'loaded-modules.preload.js');

/**
 * What only the CLI needs: its app, its argument parser, its OIDC client, and the undici package it
 * fetches with for --ca-bundle (Node's own fetch is built in, not node_modules/undici).
 */
const CLI_ONLY = [
  'dist/apps/panda-mcp-cli/',
  'node_modules/commander/',
  'node_modules/openid-client/',
  'node_modules/undici/',
];

/**
 * The built service (dist/apps/panda-mcp/src/main.js) as production runs it, with a preload that lists
 * the modules it loaded: through startup, an MCP session and a tool call, and a graceful stop.
 */
describe('the built service process loads none of the CLI', () => {
  let mcp: RunningPandaMcp | undefined;
  let dir: string;
  let listFile: string;
  let exitCode: number | null;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-modules-'));
    listFile = path.join(dir, 'loaded-modules.txt');
    mcp = await startPandaMcp({
      // nothing listens there: the tool call fails fast, and never leaves the machine
      PANDA_API_URL: 'http://127.0.0.1:9/api/v1',
      NODE_OPTIONS: `--require "${PRELOAD}"`,
      LOADED_MODULES_FILE: listFile,
    });
    // modules loaded on first use are loaded by now
    const client = await connect2025(mcp.mcpUrl, {}, 'service-modules-e2e');
    try {
      const { tools } = await client.listTools();
      const alive = tools.find((tool) => tool.name.endsWith('is_alive'));
      expect(alive).toBeDefined();
      await client.callTool({ name: alive!.name, arguments: {} }).catch(() => undefined);
    } finally {
      await client.close();
    }
    exitCode = await mcp.stop();
  }, 180_000); // may build dist/ first

  afterAll(async () => {
    await mcp?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const loaded = () =>
    fs
      .readFileSync(listFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((file) => path.relative(REPO_ROOT, file).split(path.sep).join('/'));

  it('stopped gracefully and listed what it loaded: the service, its libs and Nest', () => {
    expect(exitCode).toBe(0);
    const files = loaded();
    expect(files).toContain('dist/apps/panda-mcp/src/main.js');
    expect(files.some((file) => file.startsWith('dist/libs/mcp-transport/'))).toBe(true);
    expect(files.some((file) => file.startsWith('node_modules/@nestjs/core/'))).toBe(true);
  });

  it('never loaded the CLI app, commander, openid-client or undici', () => {
    const files = loaded();
    expect(files.filter((file) => CLI_ONLY.some((prefix) => file.startsWith(prefix)))).toEqual([]);
  });
});
