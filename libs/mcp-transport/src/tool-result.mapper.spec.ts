import { invalidArgumentsResult, toToolResult } from './tool-result.mapper';

const url = 'https://panda.example/api/v1/task/kill';

describe(toToolResult.name, () => {
  it('returns the data as compact text, without a second copy for a tool that declares no output schema', () => {
    const sut = toToolResult('task_get_status', {
      kind: 'ok',
      status: 200,
      message: '',
      data: { status: 'running' },
      url,
    });
    expect(sut.isError).toBeUndefined();
    expect(sut.structuredContent).toBeUndefined();
    expect(sut.content).toEqual([{ type: 'text', text: JSON.stringify({ status: 'running' }) }]);
  });

  it('cuts a large answer to the result budget and says so', () => {
    const data = { jobs: 'x'.repeat(1_000_000) };
    const sut = toToolResult('task_get_task_parameters', {
      kind: 'ok',
      status: 200,
      message: '',
      data,
      url: 'u',
    });
    expect(Buffer.byteLength(JSON.stringify(sut))).toBeLessThanOrEqual(80_000);
    expect(sut.content.at(-1)).toMatchObject({
      text: expect.stringContaining('larger than the result budget'),
    });
  });

  it('answers a PanDA answer nested too deeply to walk with a tool error, not a crash', () => {
    const data = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    const sut = toToolResult('job_get_status', { kind: 'ok', status: 200, message: '', data, url: 'u' });
    expect(sut).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining('nested too deeply') }],
    });
  });

  it('explains a too large answer and a spent answer budget as tool errors', () => {
    const tooLarge = toToolResult('t', { kind: 'too_large', limitBytes: 64 * 1048576, url: 'u' });
    expect(tooLarge).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('64 MiB') }] });
    const busy = toToolResult('t', { kind: 'busy', url: 'u' });
    expect(busy).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('retry') }] });
  });

  it("turns success: false into a tool error carrying PanDA's message", () => {
    const sut = toToolResult('task_kill', {
      kind: 'panda_error',
      status: 200,
      message: 'Permission denied',
      data: null,
      url,
    });
    expect(sut.isError).toBe(true);
    expect(sut.content[0]).toEqual({ type: 'text', text: 'PanDA refused task_kill: Permission denied' });
  });

  it('turns an HTTP error into a tool error with the status and text', () => {
    const sut = toToolResult('task_kill', {
      kind: 'http_error',
      status: 403,
      text: 'ERROR : Invalid token',
      url,
    });
    expect(sut).toEqual({
      isError: true,
      content: [
        { type: 'text', text: `PanDA answered HTTP 403 for task_kill (${url}): ERROR : Invalid token` },
      ],
    });
  });

  it('names the URL on timeouts and network errors', () => {
    expect(JSON.stringify(toToolResult('x', { kind: 'timeout', timeoutMs: 60000, url }))).toContain(
      'within 60 s',
    );
    expect(
      JSON.stringify(toToolResult('x', { kind: 'network_error', reason: 'ECONNREFUSED', url })),
    ).toContain(url);
  });
});

describe(invalidArgumentsResult.name, () => {
  it('lists each problem and says PanDA was not called', () => {
    const sut = invalidArgumentsResult('task_get_status', ['task_id: expected integer, got string "abc"']);
    expect(sut.isError).toBe(true);
    expect(sut.content[0]).toEqual({
      type: 'text',
      text: 'Invalid arguments for task_get_status; PanDA was not called:\n- task_id: expected integer, got string "abc"',
    });
  });
});
