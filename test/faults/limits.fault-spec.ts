import * as fs from 'node:fs';
import * as net from 'node:net';
import { until, within } from '../support/bounded-wait';
import { useFaultRig } from '../support/fault-rig';
import { bearer, openWire } from '../support/mcp-wire';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenOf = (sub: string) => `${part({ alg: 'RS256' })}.${part({ iss: 'https://iam.example', sub })}.sig`;

/** Peak resident memory of a process (Linux VmHWM), in bytes. */
function peakRss(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'))!;
  return Number(/(\d+)/.exec(line)![1]) * 1024;
}

/** Bounds an operator can reason about: memory for huge answers, calls and sessions per caller. */
describe('resource bounds', () => {
  const rig = useFaultRig({
    PANDA_MCP_MAX_CALLS_PER_CALLER: '3',
    PANDA_MCP_MAX_ANONYMOUS_SESSIONS: '5',
    PANDA_MCP_MAX_UPSTREAM_BUFFER: String(80 * 1024 * 1024),
    PANDA_MCP_TRANSPORT: 'streamable-http',
  });

  it('answers a 50 MB PanDA answer and stays under the 512 MiB pod limit', async () => {
    rig.panda.behave('/system/is_alive', { kind: 'huge', bytes: 50 * 1024 * 1024 });
    const answer = await within('the huge answer', rig.wire.callTool('system_is_alive', {}), 60_000);
    expect(answer.status).toBe(200);
    expect(answer.isError).toBe(false);
    // cut to the result budget (20,000 tokens of 4 bytes), saying so
    expect(answer.text.length).toBeLessThan(80_000);
    expect(answer.text).toContain('larger than the result budget');
    expect(peakRss(rig.mcp.process.child.pid!)).toBeLessThan(512 * 1024 * 1024);
  }, 90_000);

  it("limits one caller's running PanDA calls without slowing anyone else", async () => {
    const alice = tokenOf('alice-limits');
    const bob = tokenOf('bob-limits');
    const asAlice = await openWire(rig.mcp.mcpUrl, bearer(alice));
    const asBob = await openWire(rig.mcp.mcpUrl, bearer(bob));
    // Both become known callers once an endpoint that checks tokens has answered one call of theirs.
    expect((await asAlice.callTool('job_get_status', { job_ids: [1] })).isError).toBe(false);
    expect((await asBob.callTool('job_get_status', { job_ids: [1] })).isError).toBe(false);
    rig.panda.behave('/task/get_status', { kind: 'held' });
    const running = [1, 2, 3].map(() => asAlice.callTool('task_get_status', { task_id: 1 }));
    await until(
      'alice has 3 calls at PanDA',
      () => rig.panda.seen.filter((r) => r.path.endsWith('/task/get_status')).length === 3,
    );
    const fourth = await asAlice.callTool('task_get_status', { task_id: 1 });
    expect(fourth.isError).toBe(true);
    expect(fourth.text).toContain('already running');
    const bobs = await asBob.callTool('system_is_alive', {});
    expect(bobs.isError).toBe(false);
    rig.panda.release();
    expect((await Promise.all(running)).every((a) => !a.isError)).toBe(true);
  }, 30_000);

  it('caps sessions opened without an accepted token, while a known caller and a real token still get one', async () => {
    const known = tokenOf('carol-limits');
    const carol = await openWire(rig.mcp.mcpUrl, bearer(known));
    // an endpoint open to all proves nothing about a token; one that checks tokens does
    await carol.callTool('system_is_alive', {});
    await carol.callTool('job_get_status', { job_ids: [1] });
    // PanDA refuses the made-up tokens when panda-mcp asks who they are
    rig.panda.behave('/system/get_user_attributes', {
      kind: 'status',
      status: 403,
      body: 'ERROR : Invalid token: signature verification failed',
    });
    const initialize = (token: string) =>
      fetch(rig.mcp.mcpUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-11-25',
            capabilities: {},
            clientInfo: { name: 'flood', version: '1' },
          },
        }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const opened = await initialize(tokenOf(`forged-${i}`));
      statuses.push(opened.status);
      await opened.text();
    }
    // the anonymous allowance (5, some taken by earlier tests' sessions) fills, then the flood is refused
    const refused = statuses.filter((status) => status === 429).length;
    expect(refused).toBeGreaterThanOrEqual(3);
    expect(statuses.slice(-refused)).toEqual(Array(refused).fill(429));
    const asked = rig.panda.seen.filter((r) => r.path.endsWith('/system/get_user_attributes')).length;
    expect(asked).toBe(refused); // PanDA asked about each refused token once
    await expect(openWire(rig.mcp.mcpUrl, bearer(known))).resolves.toBeDefined();
    // a real user whose token PanDA has not seen yet still gets in: PanDA accepts it when asked
    rig.panda.behave('/system/get_user_attributes', { kind: 'ok', data: { dn: 'dave' } });
    const dave = await initialize(tokenOf('dave-limits'));
    expect(dave.status).toBe(200);
    await dave.text();
    // a refused token is not asked about again within a minute
    const again = await initialize(tokenOf('forged-7'));
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('callers whose token PanDA has not accepted');
    const askedInAll = rig.panda.seen.filter((r) => r.path.endsWith('/system/get_user_attributes')).length;
    expect(askedInAll).toBe(refused + 1); // dave's check, none again for forged-7
  });
});

describe('two huge PanDA answers at once', () => {
  // A fresh process, so its peak memory is this case's alone.
  const rig = useFaultRig({ PANDA_MCP_MAX_UPSTREAM_BUFFER: String(80 * 1024 * 1024) });

  it('refuses an answer that would pass the budget of answer bytes held at once, and recovers', async () => {
    rig.panda.behave('/system/is_alive', { kind: 'huge', bytes: 50 * 1024 * 1024, holdUntilRequests: 2 });
    const two = await within(
      'two huge answers',
      Promise.all([rig.wire.callTool('system_is_alive', {}), rig.wire.callTool('system_is_alive', {})]),
      60_000,
    );
    // At least one is refused (which one, and whether the other fits, depends on arrival order).
    const refused = two.filter((a) => a.isError);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.map((a) => a.text).join('\n')).toContain('memory budget');
    expect(peakRss(rig.mcp.process.child.pid!)).toBeLessThan(512 * 1024 * 1024);
    rig.panda.behave('/system/is_alive', { kind: 'ok' });
    expect((await rig.wire.callTool('system_is_alive', {})).isError).toBe(false);
  }, 90_000);
});

describe('an SSE client that never reads its stream', () => {
  const rig = useFaultRig({ PANDA_MCP_TRANSPORT: 'sse' }, undefined, false);

  it('is disconnected instead of being buffered without bound', async () => {
    rig.panda.behave('/system/is_alive', { kind: 'huge', bytes: 2 * 1024 * 1024 });
    const url = new URL(rig.mcp.mcpUrl);
    const socket = net.connect(Number(url.port), url.hostname);
    socket.write(`GET /mcp/ HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
    let head = '';
    const sessionId = await within(
      'the endpoint event',
      new Promise<string>((resolve) => {
        const onData = (chunk: Buffer) => {
          head += chunk.toString();
          const match = /session_id=([0-9a-f]+)/.exec(head);
          if (match) {
            socket.off('data', onData);
            socket.pause(); // from now on the client never reads
            resolve(match[1]);
          }
        };
        socket.on('data', onData);
      }),
    );
    const post = (id: number) =>
      fetch(`${url.origin}/messages/?session_id=${sessionId}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name: 'system_is_alive', arguments: {} },
        }),
      }).then((r) => r.status);
    const initialize = await fetch(`${url.origin}/messages/?session_id=${sessionId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2024-11-05',
          capabilities: {},
          clientInfo: { name: 'stuck', version: '1' },
        },
      }),
    });
    expect(initialize.status).toBe(202);
    await until(
      'the stuck session to be cut off',
      async () => {
        const status = await post(Math.floor(Math.random() * 1e9));
        return status === 404;
      },
      60_000,
    );
    socket.destroy();
  }, 90_000);
});
