import { within } from '../support/bounded-wait';
import { useFaultRig } from '../support/fault-rig';
import { bearer, openWire } from '../support/mcp-wire';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const TOKEN = `${part({ alg: 'RS256' })}.${part({ iss: 'https://iam.example', sub: 'alice-7' })}.c2VjcmV0LXNpZ25hdHVyZQ`;

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

  it("passes PanDA's Retry-After on to the agent", async () => {
    rig.panda.behave('/system/is_alive', {
      kind: 'status',
      status: 503,
      body: 'Service Unavailable',
      headers: { 'Retry-After': '120' },
    });
    const answer = await rig.wire.callTool('system_is_alive', {});
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('retry after 120 s');
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
