import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { until, within } from '../support/bounded-wait';
import { FaultRig, useFaultRig } from '../support/fault-rig';
import { textOf } from '../support/mcp-clients';
import { bearer, McpWire, openWire } from '../support/mcp-wire';

// task_get_status, not system_is_alive: the service's own is_alive probe must not be taken for the call.
const PATH = '/task/get_status';
const call = (id: number | string) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'task_get_status', arguments: { task_id: 1001 } },
  });

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned JWT naming a caller: panda-mcp reads iss and sub for session ownership, PanDA would verify. */
const tokenOf = (iss: string, sub: string) => `${part({ alg: 'RS256' })}.${part({ iss, sub })}.sig`;

interface Status {
  state: string;
  inFlightCalls: number;
  inFlightRequests: number;
  sessions: { total: number; streamableHttp: number; sse: number };
}
const statusOf = async (rig: FaultRig) => (await (await fetch(`${rig.mcp.baseUrl}/status`)).json()) as Status;
const deleteSession = (rig: FaultRig, wire: McpWire) =>
  fetch(rig.mcp.mcpUrl, {
    method: 'DELETE',
    headers: { 'Mcp-Session-Id': wire.sessionId, 'Mcp-Protocol-Version': '2025-11-25' },
  });

/**
 * Every accepted 2025-era request gets exactly one answer (or its connection ends), whatever happens
 * to it: cancelled, its session deleted or swept, its id reused, its client gone. In-flight accounting
 * returns to zero each time and the PanDA call stops.
 */
describe('2025-era requests that cannot be answered normally', () => {
  const rig = useFaultRig({ PANDA_MCP_SESSION_IDLE_TIMEOUT: '1' });

  const inFlight = async () =>
    ((await (await fetch(`${rig.mcp.baseUrl}/status`)).json()) as { inFlightCalls: number }).inFlightCalls;
  const upstreamCall = () => until('the PanDA call', () => rig.panda.seen.find((r) => r.path.endsWith(PATH)));

  it('ends a cancelled request with an empty answer, stops its PanDA call and leaves nothing in flight', async () => {
    rig.panda.behave(PATH, { kind: 'hang' });
    const pending = rig.wire.post(call(77));
    const upstream = await upstreamCall();
    const cancel = await rig.wire.post(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 77, reason: 'timeout' },
      }),
    );
    expect(cancel.status).toBe(202);
    const answer = await within('the cancelled POST to end', pending);
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
    await within('the PanDA call to be dropped', upstream.closed);
    expect(upstream.abandoned()).toBe(true);
    await until('in-flight back to zero', async () => (await inFlight()) === 0);
  });

  it('answers a request whose session is deleted while it runs', async () => {
    rig.panda.behave(PATH, { kind: 'hang' });
    const pending = rig.wire.post(call(78));
    const upstream = await upstreamCall();
    const deleted = await fetch(rig.mcp.mcpUrl, {
      method: 'DELETE',
      headers: { 'Mcp-Session-Id': rig.wire.sessionId, 'Mcp-Protocol-Version': '2025-11-25' },
    });
    expect(deleted.status).toBe(200);
    const answer = await within('the POST of the deleted session', pending);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ id: 78, error: { code: -32001 } });
    await within('the PanDA call to be dropped', upstream.closed);
    await until('in-flight back to zero', async () => (await inFlight()) === 0);
  });

  it('refuses a request id that is already in flight on the session, and answers the first', async () => {
    rig.panda.behave(PATH, { kind: 'held' });
    const first = rig.wire.post(call(79));
    await upstreamCall();
    const second = await rig.wire.post(call(79));
    expect(second.status).toBe(409);
    expect((await second.json()).error.message).toContain('already in flight');
    rig.panda.release();
    const answer = await within('the first request', first);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: 79, result: { content: [{ text: 'alive' }] } });
    expect(rig.panda.seen.filter((r) => r.path.endsWith(PATH))).toHaveLength(1);
  });

  it('cancels the PanDA call of a client that went away, and leaves nothing in flight', async () => {
    rig.panda.behave(PATH, { kind: 'hang' });
    const gone = new AbortController();
    const pending = rig.wire.post(call(80), undefined, gone.signal).catch((error: Error) => error);
    const upstream = await upstreamCall();
    gone.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    await within('the PanDA call to be dropped', upstream.closed);
    await until('in-flight back to zero', async () => (await inFlight()) === 0);
  });

  it("never answers another caller on a session's id: 404 as for an unknown session, and the owner gets her answer", async () => {
    const alice = tokenOf('https://iam.example', 'alice-7');
    const bob = tokenOf('https://other-iam.example', 'bob-7');
    rig.panda.behave(PATH, { kind: 'held', data: 'alice-only-result' });
    const asAlice = await openWire(rig.mcp.mcpUrl, bearer(alice));
    let aliceAnswered = false;
    const first = asAlice.post(call(7)).finally(() => (aliceAnswered = true));
    await upstreamCall();
    // bob, with his own token, sends the same request id on alice's session while her call runs
    const asBob = await asAlice.post(call(7), bearer(bob));
    const bobs = await asBob.text();
    expect(aliceAnswered).toBe(false);
    expect(asBob.status).toBe(404);
    expect(bobs).not.toContain('alice-only-result');
    const unknownSession = await fetch(rig.mcp.mcpUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'Mcp-Session-Id': randomUUID(),
        'Mcp-Protocol-Version': '2025-11-25',
        ...bearer(bob),
      },
      body: call(7),
    });
    expect(unknownSession.status).toBe(404);
    expect(JSON.parse(bobs)).toEqual(await unknownSession.json());
    rig.panda.release();
    const answer = await within("alice's answer", first);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      id: 7,
      result: { content: [{ text: 'alice-only-result' }] },
    });
    // bob's request never reached PanDA
    const calls = rig.panda.seen.filter((r) => r.path.endsWith(PATH));
    expect(calls.map((r) => r.headers.authorization)).toEqual([`Bearer ${alice}`]);
  });

  it('counts a slow tools/call as exactly one call in flight, and none while sessions open and tools are listed', async () => {
    const lister = await openWire(rig.mcp.mcpUrl);
    // The session's GET stream stays open throughout: a stream is neither a call nor a request in flight
    // (shutdown would otherwise wait for it until shutdown_timeout).
    const stream = new AbortController();
    const get = await fetch(rig.mcp.mcpUrl, {
      headers: {
        Accept: 'text/event-stream',
        'Mcp-Session-Id': lister.sessionId,
        'Mcp-Protocol-Version': '2025-11-25',
      },
      signal: stream.signal,
    });
    expect(get.status).toBe(200);
    try {
      // initialize and tools/list are answered within one turn of the event loop: /status is asked at
      // the same moment as they are sent, and after each round
      const samples: Status[] = [];
      for (let round = 0; round < 5; round++) {
        const opened: McpWire[] = [];
        await Promise.all([
          ...Array.from({ length: 3 }, async () => void opened.push(await openWire(rig.mcp.mcpUrl))),
          ...Array.from({ length: 6 }, async (_, i) => {
            const listed = await lister.post(
              JSON.stringify({ jsonrpc: '2.0', id: `list-${round}-${i}`, method: 'tools/list' }),
            );
            expect(listed.status).toBe(200);
            expect((await listed.json()).result.tools.length).toBeGreaterThan(0);
          }),
          ...Array.from({ length: 6 }, async () => void samples.push(await statusOf(rig))),
        ]);
        await Promise.all(opened.map((wire) => deleteSession(rig, wire)));
        expect(await statusOf(rig)).toMatchObject({ inFlightCalls: 0, inFlightRequests: 0 });
      }
      expect(samples.map((sample) => sample.inFlightCalls)).toEqual(samples.map(() => 0));

      rig.panda.behave(PATH, { kind: 'held' });
      const wire = await openWire(rig.mcp.mcpUrl);
      const pending = wire.post(call(83));
      await upstreamCall();
      expect(await statusOf(rig)).toMatchObject({ inFlightCalls: 1, inFlightRequests: 1 });
      rig.panda.release();
      expect((await within('the slow call', pending)).status).toBe(200);
      await until('nothing in flight', async () => {
        const after = await statusOf(rig);
        return after.inFlightCalls === 0 && after.inFlightRequests === 0;
      });
    } finally {
      stream.abort();
    }
  }, 30_000);

  it('never sweeps a session while its request runs past the idle timeout', async () => {
    rig.panda.behave(PATH, { kind: 'slow', delayMs: 2_500 });
    const answer = await within('the slow call', rig.wire.post(call(81)), 10_000);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: 81, result: { content: [{ text: 'alive' }] } });
  }, 15_000);
});

/** How a test ends a call that is waiting for a PanDA that never answers. */
type EndCall = (wire: McpWire, rig: FaultRig, pending: Promise<Response>) => Promise<void>;

const cancelIt: EndCall = async (wire, _rig, pending) => {
  const cancel = await wire.post(
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 90 } }),
  );
  expect(cancel.status).toBe(202);
  expect((await within('the cancelled POST to end', pending)).status).toBe(204);
};

const deleteItsSession: EndCall = async (wire, rig, pending) => {
  const deleted = await deleteSession(rig, wire);
  expect(deleted.status).toBe(200);
  expect((await within('the POST of the deleted session', pending)).status).toBe(404);
};

/**
 * A request that ended without its answer (cancelled, or its session deleted) must leave nothing that
 * shutdown would wait for: with shutdown_timeout at 60 s, SIGTERM still ends the process within seconds.
 */
describe.each([
  ['a cancelled request', cancelIt],
  ['the DELETE of a session with a call in flight', deleteItsSession],
])('SIGTERM after %s', (_what, endCall) => {
  const rig = useFaultRig({ PANDA_MCP_SHUTDOWN_TIMEOUT: '60' });

  it('finds nothing in flight and exits at once, far within shutdown_timeout', async () => {
    rig.panda.behave(PATH, { kind: 'hang' });
    const pending = rig.wire.post(call(90));
    const upstream = await until('the PanDA call', () => rig.panda.seen.find((r) => r.path.endsWith(PATH)));
    await endCall(rig.wire, rig, pending);
    await within('the PanDA call to be dropped', upstream.closed);
    await until('nothing in flight', async () => {
      const status = await statusOf(rig);
      return status.inFlightCalls === 0 && status.inFlightRequests === 0;
    });
    expect(await statusOf(rig)).toMatchObject({ state: 'ready', inFlightCalls: 0, inFlightRequests: 0 });
    const child = rig.mcp.process.child;
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (code, signal) => resolve([code, signal])),
    );
    const sent = Date.now();
    child.kill('SIGTERM');
    // exit code 0, not killed: the service stopped by itself
    expect(await within('the service to exit after SIGTERM', exited, 10_000)).toEqual([0, null]);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(rig.mcp.process.output()).not.toContain('shutdown_timeout reached');
  }, 30_000);
});

/**
 * Callers PanDA has not accepted (no token, or a token no secure endpoint has answered for) share the
 * anonymous allowance and its shorter idle timeout; an accepted caller's session keeps session_idle_timeout.
 */
describe('sessions of callers PanDA has not accepted', () => {
  const rig = useFaultRig(
    { PANDA_MCP_SESSION_IDLE_TIMEOUT: '60', PANDA_MCP_ANONYMOUS_SESSION_IDLE_TIMEOUT: '1' },
    {},
    false,
  );

  it("are closed after anonymous_session_idle_timeout, while an accepted caller's session stays", async () => {
    const carol = await openWire(rig.mcp.mcpUrl, bearer(tokenOf('https://iam.example', 'carol-7')));
    // task_get_status checks tokens: PanDA answering it in its envelope makes carol an accepted caller
    expect((await carol.callTool('task_get_status', { task_id: 1001 })).isError).toBe(false);
    // opened after carol's last request: carol is idle longest of the three
    const anonymous = await openWire(rig.mcp.mcpUrl);
    const forged = await openWire(rig.mcp.mcpUrl, bearer(tokenOf('https://iam.example', 'mallory-7')));
    expect((await statusOf(rig)).sessions.total).toBe(3);
    // /status does not touch sessions, so polling it leaves their idle clocks alone
    await until(
      'the sessions of callers PanDA has not accepted to be closed',
      async () => (await statusOf(rig)).sessions.total === 1,
      10_000,
    );
    for (const gone of [anonymous, forged]) {
      const answer = await gone.callTool('system_is_alive', {});
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: -32001 } });
    }
    const stays = await carol.callTool('task_get_status', { task_id: 1001 });
    expect(stays.status).toBe(200);
    expect(stays.isError).toBe(false);
  }, 30_000);
});

/**
 * 2024-11-05 SSE: a POSTed request is answered (202) at once and its result comes on the stream later, so
 * the session must count as busy until that result is sent, not only while a POST waits.
 */
describe('2024-11-05 SSE sessions and the idle sweep', () => {
  const rig = useFaultRig({ PANDA_MCP_TRANSPORT: 'sse', PANDA_MCP_SESSION_IDLE_TIMEOUT: '1' }, {}, false);

  const connectSse = async () => {
    const client = new Client({ name: 'sse-sweep', version: '1.0.0' });
    await client.connect(new SSEClientTransport(new URL(rig.mcp.mcpUrl)));
    return client;
  };
  const sseSessions = async () => (await statusOf(rig)).sessions.sse;

  it('never sweeps a session while its call runs past the idle timeout, and sweeps it once idle', async () => {
    rig.panda.behave(PATH, { kind: 'held', data: 'slow-but-answered' });
    const client = await connectSse();
    try {
      const call = client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } }, undefined, {
        timeout: 15_000,
      });
      await until('the PanDA call', () => rig.panda.seen.find((r) => r.path.endsWith(PATH)), 15_000);
      // nothing to await here: the sweeper runs every second with an idle timeout of 1 s, so 2.5 s with
      // the call running spans at least two sweeps that would have closed an idle session
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(await sseSessions()).toBe(1);
      rig.panda.release();
      const result = await within('the held call on the SSE session', call, 15_000);
      expect(textOf(result)).toBe('slow-but-answered');
      // idle now: the sweeper does close SSE sessions, so the case above was a real one
      await until('the idle SSE session to be closed', async () => (await sseSessions()) === 0, 10_000);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('lets a session whose call was cancelled be swept', async () => {
    rig.panda.behave(PATH, { kind: 'hang' });
    const client = await connectSse();
    try {
      const gone = new AbortController();
      const pending = client
        .callTool({ name: 'task_get_status', arguments: { task_id: 1001 } }, undefined, {
          signal: gone.signal,
        })
        .catch((error: Error) => error);
      const upstream = await until('the PanDA call', () => rig.panda.seen.find((r) => r.path.endsWith(PATH)));
      gone.abort('no longer needed'); // the SDK client sends notifications/cancelled
      expect(await pending).toBeInstanceOf(Error);
      await within('the PanDA call to be dropped', upstream.closed);
      await until('the idle SSE session to be closed', async () => (await sseSessions()) === 0, 10_000);
    } finally {
      await client.close();
    }
  }, 30_000);
});
