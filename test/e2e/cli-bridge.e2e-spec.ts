import { DEFAULT_TOOL_COUNT } from '../support/mcp-clients';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/child-process';
import {
  CLI,
  cliEnv,
  expectSuccess,
  freeLoopbackPort,
  loginWithSim,
  sleep,
  tempHome,
} from '../support/cli.process';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/** Short enough to expire several times during one test. */
const TOKEN_TTL = 8;
const REFRESH_MARGIN = 5;

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };
const textOf = (result: unknown) => (result as ToolResult).content.map((c) => c.text ?? '').join('\n');

interface StoredTokens {
  id_token: string;
  refresh_token: string;
  expires_at: number;
}
const readTokens = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as StoredTokens;

describe('panda-mcp login and bridge against panda-sim (tokens live 8 s)', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp;
  let sseMcp: RunningPandaMcp;
  let port: number;
  let home: string;
  let env: Record<string, string>;
  const agents: Client[] = [];

  beforeAll(async () => {
    home = tempHome();
    env = cliEnv(home);
    sim = await startPandaSim({
      env: { PANDA_SIM_TOKEN_TTL: String(TOKEN_TTL), PANDA_SIM_DEVICE_INTERVAL: '1' },
    });
    // a fixed port, so that the service can come back on the same URL after a restart
    port = await freeLoopbackPort();
    [mcp, sseMcp] = await Promise.all([
      startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_SERVER_CONF_PORT_MCP: String(port) }),
      startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_MCP_TRANSPORT: 'sse' }),
    ]);
  }, 180_000);

  afterAll(async () => {
    for (const agent of agents) await agent.close().catch(() => undefined);
    await Promise.all([mcp?.stop(), sseMcp?.stop()]);
    await sim?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  /** The agent's side: the official v1 client spawning `node bin/panda-mcp.js bridge ...` over stdio. */
  async function startAgent(
    url: string,
    tokenFile: string,
  ): Promise<{ client: Client; stderr: () => string }> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        CLI,
        'bridge',
        '--url',
        url,
        '--panda-url',
        sim.baseUrl,
        '--vo',
        'atlas',
        '--token-file',
        tokenFile,
        '--refresh-margin',
        String(REFRESH_MARGIN),
      ],
      env,
      cwd: REPO_ROOT,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
    agents.push(client);
    await client.connect(transport);
    return { client, stderr: () => stderr };
  }

  it('logs in with the device flow and writes a 0600 token file, never printing a token', async () => {
    const tokenFile = path.join(home, 'login', 'token.json');
    const login = await loginWithSim(sim.baseUrl, tokenFile, env);
    expectSuccess(login);
    expect(login.verificationUrl).toContain(`${sim.baseUrl}/oidc/device?user_code=`);
    expect(login.stdout).toContain(`Logged in as alice. Token saved to ${tokenFile}`);
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    const tokens = readTokens(tokenFile);
    expect(tokens).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), expires_in: TOKEN_TTL });
    expect(tokens.expires_at).toBeGreaterThan(Date.now() / 1000);
    expect(tokens.expires_at).toBeLessThanOrEqual(Date.now() / 1000 + TOKEN_TTL + 1);
    for (const secret of [tokens.id_token, tokens.refresh_token]) {
      expect(login.stdout + login.stderr).not.toContain(secret);
    }
    // no temp files left next to it
    expect(fs.readdirSync(path.dirname(tokenFile))).toEqual(['token.json']);
  }, 60_000);

  it('keeps an agent calling tools across token expiry, refreshing the token file as it goes', async () => {
    const tokenFile = path.join(home, 'expiry.token');
    expect((await loginWithSim(sim.baseUrl, tokenFile, env)).code).toBe(0);
    const firstExpiry = readTokens(tokenFile).expires_at;
    const agent = await startAgent(mcp.mcpUrl, tokenFile);
    const { tools } = await agent.client.listTools();
    expect(tools.map((t) => t.name)).toContain('task_get_status');

    const started = Date.now();
    const seenTokens = new Set<string>();
    for (let call = 0; call < 10; call++) {
      const result = await agent.client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('running');
      const last = (await sim.lastCall())!;
      expect(last).toMatchObject({
        path: '/api/v1/task/get_status',
        user: 'alice',
        origin: 'atlas',
        tokenError: null,
      });
      seenTokens.add(readTokens(tokenFile).id_token);
      await sleep(2_000);
    }
    expect(Date.now() - started).toBeGreaterThan(2 * TOKEN_TTL * 1000);
    expect(seenTokens.size).toBeGreaterThan(2);
    expect(readTokens(tokenFile).expires_at).toBeGreaterThan(firstExpiry + TOKEN_TTL);
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(agent.stderr()).toContain('refreshed the PanDA token');
    for (const token of seenTokens) expect(agent.stderr()).not.toContain(token);
  }, 90_000);

  it('starts a new session when the service restarts and forgets it', async () => {
    const tokenFile = path.join(home, 'restart.token');
    expect((await loginWithSim(sim.baseUrl, tokenFile, env)).code).toBe(0);
    const agent = await startAgent(mcp.mcpUrl, tokenFile);
    const before = await agent.client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
    expect(textOf(before)).toContain('running');

    await mcp.stop();
    mcp = await startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_SERVER_CONF_PORT_MCP: String(port) });

    const after = await agent.client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
    expect(after.isError).toBeFalsy();
    expect(textOf(after)).toContain('running');
    expect(await sim.lastCall()).toMatchObject({ user: 'alice', tokenError: null });
    expect(agent.stderr()).toContain('no longer knows this session');
    expect(agent.stderr()).toContain('new MCP session started');
    // the new session works on as before
    const listed = await agent.client.listTools();
    expect(listed.tools.length).toBe(DEFAULT_TOOL_COUNT);
  }, 90_000);

  it('tells the agent to log in when there is no token, and carries on after a login', async () => {
    const tokenFile = path.join(home, 'missing.token');
    const agent = await startAgent(mcp.mcpUrl, tokenFile);
    // the agent starts and sees the tools without a token
    expect((await agent.client.listTools()).tools.length).toBe(DEFAULT_TOOL_COUNT);
    const refused = await agent.client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /PanDA login needed: no saved token .*Run `panda-mcp login .*--token-file/,
    );

    expect((await loginWithSim(sim.baseUrl, tokenFile, env)).code).toBe(0);
    const result = await agent.client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
    expect(result.isError).toBeFalsy();
    expect(await sim.lastCall()).toMatchObject({ user: 'alice', tokenError: null });
  }, 90_000);

  it('says a login is needed when the refresh token is refused', async () => {
    const tokenFile = path.join(home, 'revoked.token');
    expect((await loginWithSim(sim.baseUrl, tokenFile, env)).code).toBe(0);
    // an expired token whose refresh token the identity provider does not know
    const tokens = readTokens(tokenFile);
    fs.writeFileSync(
      tokenFile,
      JSON.stringify({ ...tokens, refresh_token: 'revoked', expires_at: Math.floor(Date.now() / 1000) - 1 }),
      { mode: 0o600 },
    );
    const agent = await startAgent(mcp.mcpUrl, tokenFile);
    const refused = await agent.client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('the identity provider refused to refresh the token (invalid_grant)');
    expect(textOf(refused)).toContain('panda-mcp login');
  }, 60_000);

  it('falls back to the SSE transport when the service speaks only that', async () => {
    const tokenFile = path.join(home, 'sse.token');
    expect((await loginWithSim(sim.baseUrl, tokenFile, env)).code).toBe(0);
    const agent = await startAgent(sseMcp.mcpUrl, tokenFile);
    expect((await agent.client.listTools()).tools.length).toBe(DEFAULT_TOOL_COUNT);
    const result = await agent.client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
    expect(textOf(result)).toContain('running');
    expect(await sim.lastCall()).toMatchObject({ user: 'alice', tokenError: null });
    expect(agent.stderr()).toContain('using the SSE transport');
  }, 60_000);
});
