import { within } from '../support/bounded-wait';
import { useFaultRig } from '../support/fault-rig';
import { bearer, openWire } from '../support/mcp-wire';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const TOKEN = `${part({ alg: 'RS256' })}.${part({ iss: 'https://iam.example', sub: 'alice-7' })}.c2VjcmV0LXNpZ25hdHVyZQ`;

/** The liveness probe's HTTP status: the service is still up after the fault. */
const healthz = async (baseUrl: string) => (await fetch(`${baseUrl}/healthz`)).status;

/** A failing or hostile PanDA: its faults become clear tool errors, and the caller's token never leaks. */
describe('a failing PanDA', () => {
  const rig = useFaultRig({ PANDA_MCP_UPSTREAM_TIMEOUT: '1', LOG_LEVEL: 'debug' }, bearer(TOKEN));

  it('never returns or logs the token that PanDA echoes in an error body', async () => {
    rig.panda.behave('/system/is_alive', { kind: 'echo-token', status: 403 });
    const answer = await rig.wire.callTool('system_is_alive', {});
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('HTTP 403');
    expect(JSON.stringify(answer.body)).not.toContain(TOKEN);
    expect(rig.mcp.process.output()).not.toContain(TOKEN);
  });

  it.each([
    [503, 'Service Unavailable', '120', 'system_is_alive', {}],
    [429, 'Too Many Requests', '37', 'task_get_status', { task_id: 1001 }],
  ])("passes a %i's Retry-After on to the agent, and stays up", async (status, body, seconds, tool, args) => {
    rig.panda.behave(`/${tool.replace('_', '/')}`, {
      kind: 'status',
      status,
      body,
      headers: { 'Retry-After': seconds },
    });
    const answer = await rig.wire.callTool(tool, args);
    expect(answer.status).toBe(200);
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain(`HTTP ${status}`);
    expect(answer.text).toContain(`retry after ${seconds} s`);
    expect(await healthz(rig.mcp.baseUrl)).toBe(200);
  });

  it.each([
    ['JSON that breaks off', { kind: 'invalid-json' as const }, 'jediTaskID'],
    ['an HTML page', { kind: 'html' as const }, 'Single Sign-On'],
  ])("reports a 200 with %s as not being PanDA's answer, and stays up", async (_what, behaviour, quoted) => {
    rig.panda.behave('/task/get_status', behaviour);
    const answer = await rig.wire.callTool('task_get_status', { task_id: 1001 });
    expect(answer.status).toBe(200);
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('is not its usual JSON envelope');
    expect(answer.text).toContain('/task/get_status');
    // the start of what came back, so the agent (or its user) can see it was a login page, a cut answer...
    expect(answer.text).toContain(quoted);
    expect(await healthz(rig.mcp.baseUrl)).toBe(200);
    // and the next call, to a PanDA that answers again, goes through
    rig.panda.behave('/task/get_status', { kind: 'ok', data: { status: 'running' } });
    expect((await rig.wire.callTool('task_get_status', { task_id: 1001 })).isError).toBe(false);
  });

  it.each([
    ['hangs', { kind: 'hang' as const }],
    ['trickles its answer', { kind: 'trickle' as const, chunks: 100, everyMs: 100 }],
  ])('gives up on a PanDA that %s after upstream_timeout, naming the URL', async (_what, behaviour) => {
    rig.panda.behave('/system/is_alive', behaviour);
    const answer = await within('the timed-out call', rig.wire.callTool('system_is_alive', {}), 10_000);
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('did not answer');
    expect(answer.text).toContain('/system/is_alive');
  });

  it('reports a reset connection as a network error', async () => {
    rig.panda.behave('/system/is_alive', { kind: 'reset' });
    const answer = await rig.wire.callTool('system_is_alive', {});
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('Could not reach PanDA');
  });

  it('does not follow a redirect to another host', async () => {
    rig.panda.behave('/system/is_alive', {
      kind: 'status',
      status: 302,
      body: '',
      headers: { Location: 'http://attacker.invalid/steal' },
    });
    const answer = await rig.wire.callTool('system_is_alive', {});
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('HTTP 302');
    expect(rig.panda.seen).toHaveLength(1);
  });

  it('forwards only a Bearer token: Authorization: Basic never reaches PanDA', async () => {
    const basic = await openWire(rig.mcp.mcpUrl, { Authorization: 'Basic YWxpY2U6c2VjcmV0' });
    await basic.callTool('system_is_alive', {});
    const [seen] = rig.panda.seen;
    expect(seen.headers.authorization).toBeUndefined();
  });
});

describe('a PanDA answer that never ends', () => {
  // upstream_timeout far above the time 64 MiB take on loopback: the answer cap must stop the call, not the
  // timeout. The cap (64 MiB, MAX_RESPONSE_BYTES in panda-client) is a constant, not a setting; the answer
  // budget (max_upstream_buffer) is set above it, so that the per-answer cap is what is reached first.
  const rig = useFaultRig({
    PANDA_MCP_UPSTREAM_TIMEOUT: '30',
    PANDA_MCP_MAX_UPSTREAM_BUFFER: String(96 * 1024 * 1024),
  });
  const CAP = 64 * 1024 * 1024;

  it('stops reading at the single-answer cap, closes the connection and says to ask for less', async () => {
    rig.panda.behave('/task/get_status', { kind: 'endless' });
    const started = Date.now();
    const answer = await within(
      'the endless answer to be cut',
      rig.wire.callTool('task_get_status', { task_id: 1001 }),
      25_000,
    );
    expect(answer.status).toBe(200);
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('is larger than 64 MiB');
    expect(answer.text).toContain('ask for less');
    expect(Date.now() - started).toBeLessThan(25_000);
    const [upstream] = rig.panda.seen.filter((r) => r.path.endsWith('/task/get_status'));
    await within('the fake PanDA to see its connection closed', upstream.closed);
    expect(upstream.abandoned()).toBe(true);
    // stopped at the cap: what was written past it is at most what sockets buffer on the way
    expect(upstream.bodyBytes()).toBeGreaterThanOrEqual(CAP - 64 * 1024);
    expect(upstream.bodyBytes()).toBeLessThan(CAP + 32 * 1024 * 1024);
    expect(await healthz(rig.mcp.baseUrl)).toBe(200);
    rig.panda.behave('/task/get_status', { kind: 'ok' });
    expect((await rig.wire.callTool('task_get_status', { task_id: 1001 })).isError).toBe(false);
  }, 40_000);
});
