import { DEFAULT_TOOL_COUNT } from '../support/mcp-clients';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliEnv, expectSuccess, runCli, tempHome } from '../support/cli.process';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/** `panda-mcp tools` / `panda-mcp call`: the admin guide's test client, against panda-sim behind panda-mcp. */
describe('panda-mcp tools and call (the test client)', () => {
  let sim: RunningPandaSim;
  let streamable: RunningPandaMcp;
  let sse: RunningPandaMcp;
  let home: string;
  let env: Record<string, string>;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    home = tempHome();
    env = cliEnv(home);
    sim = await startPandaSim();
    [streamable, sse] = await Promise.all([
      startPandaMcp({ PANDA_API_URL: sim.apiUrl }),
      startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_MCP_TRANSPORT: 'sse' }),
    ]);
    alice = await sim.token('alice', 'atlas');
    bob = await sim.token('bob', 'atlas');
  }, 180_000);

  afterAll(async () => {
    await Promise.all([streamable?.stop(), sse?.stop()]);
    await sim?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  beforeEach(async () => sim.reset());

  it('prints help for every command', async () => {
    for (const command of ['serve', 'demo', 'tools', 'call', 'login', 'bridge']) {
      const help = await runCli([command, '--help'], env);
      expectSuccess(help);
      expect(help.stdout).toContain(`Usage: panda-mcp ${command}`);
    }
    const call = await runCli(['call', '--help'], env);
    for (const flag of [
      '--transport',
      '--host',
      '--port',
      '--use_http',
      '--token',
      '--vo',
      '--ca-bundle',
      '--tool',
      '--kv',
      '--url',
      '--json',
      '--output',
    ]) {
      expect(call.stdout).toContain(flag);
    }
  }, 60_000);

  it.each([
    ['streamable-http', () => streamable],
    ['sse', () => sse],
  ])(
    'lists the tools over %s, readable and as JSON',
    async (transport, mcp) => {
      const url = mcp().mcpUrl;
      const text = await runCli(['tools', '--url', url, '--transport', transport, '--token', alice], env);
      expectSuccess(text);
      expect(text.stdout).toMatch(new RegExp(`^${DEFAULT_TOOL_COUNT} tools at `));
      expect(text.stdout).toMatch(/task_get_status\s+read-only\s+Show the status of a task/);
      expect(text.stdout).toMatch(/task_kill\s+destructive/);
      const json = await runCli(['tools', '--url', url, '--transport', transport, '--output', 'json'], env);
      expectSuccess(json);
      const tools = JSON.parse(json.stdout) as Array<{ name: string }>;
      expect(tools).toHaveLength(DEFAULT_TOOL_COUNT);
    },
    60_000,
  );

  it.each([
    ['streamable-http', () => streamable],
    ['sse', () => sse],
  ])(
    'calls a tool over %s as alice, with typed --kv arguments',
    async (transport, mcp) => {
      const { port } = new URL(mcp().mcpUrl);
      const result = await runCli(
        [
          'call',
          'task_get_status',
          '--host',
          '127.0.0.1',
          '--port',
          port,
          '--use_http',
          '--transport',
          transport,
          '--token',
          alice,
          '--vo',
          'atlas',
          '--kv',
          'task_id=1001',
        ],
        env,
      );
      expectSuccess(result);
      expect(result.stdout.trim()).toBe('running');
      const last = (await sim.lastCall())!;
      expect(last).toMatchObject({
        path: '/api/v1/task/get_status',
        user: 'alice',
        origin: 'atlas',
        tokenError: null,
      });
      expect(last.query).toEqual({ task_id: '1001' });
    },
    60_000,
  );

  it("accepts PanDA's bare function name and --json, and prints the whole result with --output json", async () => {
    const alive = await runCli(
      ['call', '--url', streamable.mcpUrl, '--tool', 'is_alive', '--output', 'json'],
      env,
    );
    expectSuccess(alive);
    expect(JSON.parse(alive.stdout)).toMatchObject({ content: [{ type: 'text', text: 'null' }] });
    const jobs = await runCli(
      [
        'call',
        'job_get_status',
        '--url',
        streamable.mcpUrl,
        '--token',
        alice,
        '--json',
        '{"job_ids": [6500000101]}',
        '--output',
        'json',
      ],
      env,
    );
    expectSuccess(jobs);
    expect(JSON.parse(jobs.stdout).isError).toBeFalsy();
    expect(await sim.lastCall()).toMatchObject({ path: '/api/v1/job/get_status', user: 'alice' });
  }, 60_000);

  it('exits 1 on a tool error and 2 on a usage error, saying why', async () => {
    const refused = await runCli(
      ['call', 'task_kill', '--url', streamable.mcpUrl, '--token', bob, '--kv', 'task_id=1001'],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('task_kill failed');
    expect(refused.stderr).toContain('not the task owner');
    const ambiguous = await runCli(['call', 'get_status', '--url', streamable.mcpUrl], env);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('job_get_status, task_get_status');
    const badKv = await runCli(['call', 'is_alive', '--url', streamable.mcpUrl, '--kv', 'novalue'], env);
    expect(badKv.code).toBe(2);
    for (const run of [refused, ambiguous, badKv]) expect(run.stdout + run.stderr).not.toContain(bob);
  }, 60_000);

  it('uses the token file written by login when there is no --token', async () => {
    const tokenFile = path.join(home, 'alice.token');
    fs.writeFileSync(tokenFile, JSON.stringify({ id_token: alice, token_type: 'Bearer', expires_in: 900 }), {
      mode: 0o600,
    });
    const result = await runCli(
      ['call', 'task_get_status', '--url', streamable.mcpUrl, '--kv', 'task_id=1001'],
      cliEnv(home, { TOKEN_FILE: tokenFile }),
    );
    expectSuccess(result);
    expect(await sim.lastCall()).toMatchObject({ user: 'alice', tokenError: null });
  }, 60_000);
});

/** The test client against a panda-mcp that serves HTTPS with a certificate from a private CA. */
describe('panda-mcp call over HTTPS with --ca-bundle', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp | undefined;
  let home: string;
  let caFile: string;
  let skipReason: string | undefined;

  beforeAll(async () => {
    home = tempHome();
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      skipReason = 'openssl is not installed';
      console.warn(`skipping the HTTPS client tests: ${skipReason}`);
      return;
    }
    const file = (name: string) => path.join(home, name);
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: home, stdio: 'pipe' });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=panda-mcp e2e CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
      '-subj',
      '/CN=127.0.0.1',
    );
    fs.writeFileSync(
      file('server.ext'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('server.pem'),
      '-days',
      '1',
      '-extfile',
      file('server.ext'),
    );
    caFile = file('ca.pem');
    sim = await startPandaSim();
    mcp = await startPandaMcp({
      PANDA_API_URL: sim.apiUrl,
      PANDA_MCP_SSL_KEYFILE: file('server.key'),
      PANDA_MCP_SSL_CERTFILE: file('server.pem'),
    });
  }, 180_000);

  afterAll(async () => {
    await mcp?.stop();
    await sim?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('trusts the service only with the CA given by --ca-bundle', async () => {
    if (skipReason) return console.warn(`skipped: ${skipReason}`);
    expect(mcp!.mcpUrl).toMatch(/^https:/);
    const { port } = new URL(mcp!.mcpUrl);
    const token = await sim.token('alice', 'atlas');
    const args = [
      'call',
      'task_get_status',
      '--host',
      '127.0.0.1',
      '--port',
      port,
      '--token',
      token,
      '--kv',
      'task_id=1001',
    ];
    const trusted = await runCli([...args, '--ca-bundle', caFile], cliEnv(home));
    expectSuccess(trusted);
    expect(trusted.stdout.trim()).toBe('running');
    expect(await sim.lastCall()).toMatchObject({ user: 'alice', tokenError: null });

    const untrusted = await runCli(args, cliEnv(home));
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/certificate|CERT/i);
    expect(untrusted.stderr).not.toContain(token);
  }, 60_000);
});
