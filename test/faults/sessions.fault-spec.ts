import { until, within } from '../support/bounded-wait';
import { useFaultRig } from '../support/fault-rig';

// task_get_status, not system_is_alive: the service's own is_alive probe must not be taken for the call.
const PATH = '/task/get_status';
const call = (id: number | string) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'task_get_status', arguments: { task_id: 1001 } },
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
    rig.panda.behave(PATH, { kind: 'slow', delayMs: 700 });
    const first = rig.wire.post(call(79));
    await upstreamCall();
    const second = await rig.wire.post(call(79));
    expect(second.status).toBe(409);
    expect((await second.json()).error.message).toContain('already in flight');
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

  it('never sweeps a session while its request runs past the idle timeout', async () => {
    rig.panda.behave(PATH, { kind: 'slow', delayMs: 2_500 });
    const answer = await within('the slow call', rig.wire.post(call(81)), 10_000);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: 81, result: { content: [{ text: 'alive' }] } });
  }, 15_000);
});
