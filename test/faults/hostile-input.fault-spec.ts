import { useFaultRig } from '../support/fault-rig';

/** Hostile arguments: nothing may freeze the event loop, nothing unsafe may reach PanDA. */
describe('hostile tool arguments', () => {
  const rig = useFaultRig();

  /** Resolves with the longest /healthz answer time seen while `work` runs. */
  async function healthWhile<T>(work: Promise<T>): Promise<{ result: T; slowestHealthMs: number }> {
    let done = false;
    let slowest = 0;
    const probe = (async () => {
      while (!done) {
        const started = Date.now();
        await fetch(`${rig.mcp.baseUrl}/healthz`).then((r) => r.arrayBuffer());
        slowest = Math.max(slowest, Date.now() - started);
        await new Promise((wake) => setTimeout(wake, 20));
      }
    })();
    const result = await work.finally(() => (done = true));
    await probe;
    return { result, slowestHealthMs: slowest };
  }

  it('answers 40,000 bad job ids with a short error while /healthz keeps answering', async () => {
    const jobIds = Array.from({ length: 40_000 }, (_, i) => `not-a-number-${i}`);
    const { result, slowestHealthMs } = await healthWhile(
      rig.wire.callTool('job_get_status', { job_ids: jobIds }),
    );
    expect(result.isError).toBe(true);
    expect(result.text.length).toBeLessThan(4_000);
    expect(result.text).toContain('job_ids');
    expect(slowestHealthMs).toBeLessThan(2_000);
    expect(rig.panda.seen).toHaveLength(0);
  }, 60_000);

  it('answers 40,000 unknown parameter names with a short error while /healthz keeps answering', async () => {
    const args = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`p${i}`, i]));
    const { result, slowestHealthMs } = await healthWhile(rig.wire.callTool('system_is_alive', args));
    expect(result.isError).toBe(true);
    expect(result.text.length).toBeLessThan(4_000);
    expect(slowestHealthMs).toBeLessThan(2_000);
    expect(rig.panda.seen).toHaveLength(0);
    const warning = rig.mcp.process
      .output()
      .split('\n')
      .reverse()
      .find((line) => line.includes('tool call rejected'));
    expect(warning!.length).toBeLessThan(8_000);
  }, 60_000);

  it.each([
    ['1e999', '{"task_id": 1e999}'],
    ['-1e999', '{"task_id": -1e999}'],
    ['2^53+1', '{"task_id": 9007199254740993}'],
  ])('refuses task_id %s and never calls PanDA', async (_name, argumentsJson) => {
    const result = await rig.wire.callToolRaw('task_kill', argumentsJson);
    expect(result.isError).toBe(true);
    expect(result.text).toContain('task_id');
    expect(rig.panda.seen).toHaveLength(0);
  });
});
