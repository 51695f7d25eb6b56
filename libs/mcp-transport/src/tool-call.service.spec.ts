import type { EndpointRegistry, PandaEndpoint, RegisteredTool } from '@panda-mcp/endpoint-registry';
import type { PandaCallRequest, PandaClient } from '@panda-mcp/panda-client';
import type { PandaCallOutcome } from '@panda-mcp/panda-client';
import { LifecycleService, MetricsService, ToolCallAudit } from '@panda-mcp/operations';
import { buildTestConfig } from '@panda-mcp/config';
import { Logger } from '@nestjs/common';
import { CallerLimits } from './caller-limits.service';
import { DestructiveConfirmation } from './destructive-confirmation.service';
import { ToolCallService, UnknownToolError } from './tool-call.service';
import type { OwnTool } from '@panda-mcp/diagnosis';
import { ToolCatalogue } from './tool-catalogue.service';

const killEndpoint = {
  toolName: 'task_kill',
  module: 'task',
  functionName: 'kill',
  httpMethod: 'POST',
  path: '/task/kill',
  bodyEncoding: 'json',
  summary: 'Kill a task',
  description: 'Kill a task.',
  parameters: [
    {
      name: 'task_id',
      description: '',
      required: true,
      hasDefault: false,
      pythonType: 'int',
      schema: { type: 'integer' },
    },
  ],
  access: { secure: true, productionRole: false, taskOwnerOrProduction: true },
  annotations: {
    title: 'Kill task',
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  inputSchema: {
    type: 'object',
    properties: { task_id: { type: 'integer' } },
    required: ['task_id'],
    additionalProperties: false,
  },
} satisfies PandaEndpoint;

const killTool: RegisteredTool = {
  endpoint: killEndpoint,
  checkArguments: (args) =>
    typeof (args as { task_id?: unknown })?.task_id === 'number'
      ? { ok: true, args: { task_id: (args as { task_id: number }).task_id } }
      : { ok: false, problems: ['task_id: required parameter is missing (integer)'] },
};

/** An endpoint open to everyone: PanDA answers it without looking at the token. */
const aliveTool: RegisteredTool = {
  endpoint: {
    ...killEndpoint,
    toolName: 'system_is_alive',
    path: '/system/is_alive',
    httpMethod: 'GET',
    bodyEncoding: 'query',
    parameters: [],
    access: { secure: false, productionRole: false, taskOwnerOrProduction: false },
    annotations: { ...killEndpoint.annotations, readOnlyHint: true, destructiveHint: false },
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  },
  checkArguments: () => ({ ok: true, args: {} }),
};

class RegistryDouble implements Pick<EndpointRegistry, 'get' | 'list'> {
  get(name: string) {
    return [killTool, aliveTool].find((tool) => tool.endpoint.toolName === name);
  }
  list() {
    return [killTool, aliveTool];
  }
}

class PandaClientDouble implements Pick<PandaClient, 'call'> {
  readonly calls: PandaCallRequest[] = [];
  constructor(private readonly outcome: PandaCallOutcome) {}
  async call(request: PandaCallRequest) {
    this.calls.push(request);
    return this.outcome;
  }
}

/** An own tool that asks PanDA twice: a served tool, and one the deployment does not serve. */
const seen: string[] = [];
const ownTool: OwnTool = {
  listing: { name: 'task_diagnose', inputSchema: { type: 'object' } },
  check: (args) => ({ ok: true, args: (args ?? {}) as Record<string, unknown> }),
  async run(_args, panda) {
    seen.length = 0;
    seen.push((await panda.call('task_kill', { task_id: 7 })).kind);
    seen.push((await panda.call('task_get_details', { task_id: 7 })).kind);
    return { content: [{ type: 'text', text: 'diagnosed' }] };
  },
};

function build(
  outcome: PandaCallOutcome = { kind: 'ok', status: 200, message: '', data: 'killed', url: 'u' },
) {
  const panda = new PandaClientDouble(outcome);
  const metrics = new MetricsService();
  const config = buildTestConfig({ maxCallsPerCaller: 2 });
  const limits = new CallerLimits(config);
  const sut = new ToolCallService(
    new ToolCatalogue(new RegistryDouble() as unknown as EndpointRegistry, [ownTool]),
    panda as unknown as PandaClient,
    limits,
    new ToolCallAudit(metrics, new LifecycleService()),
    new DestructiveConfirmation(config),
    config,
  );
  return { sut, panda, metrics, limits };
}

const anon = { requestId: 'r' };

describe(ToolCallService.name, () => {
  it('calls PanDA with the checked arguments and the credentials of this message', async () => {
    const { sut, panda } = build();
    const auth = { token: 'tok-1', vo: 'atlas', requestId: 'req-1' };
    const report = await sut.call('task_kill', { task_id: 1001 }, { auth: auth });
    expect(report.outcome).toBe('ok');
    expect(panda.calls).toHaveLength(1);
    expect(panda.calls[0].args).toEqual({ task_id: 1001 });
    expect(panda.calls[0].auth).toBe(auth);
  });

  it('sends no credentials when a message came without an auth context', async () => {
    const { sut, panda } = build();
    await sut.call('task_kill', { task_id: 1 });
    expect(panda.calls[0].auth.token).toBeUndefined();
    expect(panda.calls[0].auth.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers invalid arguments with a tool error and never calls PanDA', async () => {
    const { sut, panda } = build();
    const report = await sut.call('task_kill', {}, { auth: anon });
    expect(report.outcome).toBe('invalid_arguments');
    expect(report.result.isError).toBe(true);
    expect(panda.calls).toHaveLength(0);
  });

  it('counts calls per tool and outcome, and upstream statuses', async () => {
    const { sut, metrics } = build();
    await sut.call('task_kill', { task_id: 1 }, { auth: anon });
    await sut.call('task_kill', {}, { auth: anon });
    const text = await metrics.render();
    expect(text).toContain('panda_mcp_tool_calls_total{tool="task_kill",outcome="ok"} 1');
    expect(text).toContain('panda_mcp_tool_calls_total{tool="task_kill",outcome="invalid_arguments"} 1');
    expect(text).toContain('panda_mcp_upstream_responses_total{status="200"} 1');
    expect(text).toContain('panda_mcp_tool_calls_in_flight 0');
  });

  it('throws UnknownToolError for a tool the registry does not have', async () => {
    const { sut, panda } = build();
    await expect(sut.call('task_explode', {}, { auth: anon })).rejects.toBeInstanceOf(UnknownToolError);
    expect(panda.calls).toHaveLength(0);
  });

  it('maps a PanDA refusal to a tool error', async () => {
    const { sut } = build({
      kind: 'panda_error',
      status: 200,
      message: 'Permission denied',
      data: null,
      url: 'u',
    });
    const report = await sut.call('task_kill', { task_id: 1001 }, { auth: anon });
    expect(report).toMatchObject({ outcome: 'panda_error', result: { isError: true } });
  });

  it('builds the tool list once, with title, schema and the hints that differ from the defaults', () => {
    const { sut } = build();
    const first = sut.listTools().filter((tool) => tool.name === 'task_kill');
    expect(first).toEqual([
      {
        name: 'task_kill',
        title: 'Kill task',
        description: 'Kill a task.',
        inputSchema: { type: 'object', properties: { task_id: { type: 'integer' } }, required: ['task_id'] },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
      },
    ]);
    expect(sut.listTools()).toBe(sut.listTools());
  });

  it('refuses panda-mcp parameters on a tool that takes none, and never calls PanDA', async () => {
    const { sut, panda } = build();
    const report = await sut.call('task_kill', { task_id: 1, mcp_offset: 5 }, { auth: anon });
    expect(report.outcome).toBe('invalid_arguments');
    expect(report.result.content[0]).toMatchObject({
      text: expect.stringContaining('unknown parameter \"mcp_offset\" (it takes no panda-mcp parameters)'),
    });
    expect(panda.calls).toHaveLength(0);
  });

  it('keeps a refusal of made-up parameter names short, in the result and in the log', async () => {
    const { sut } = build();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const hostile = { task_id: 1, [`mcp_${'x'.repeat(900_000)}`]: 1, [`y${'z'.repeat(900_000)}`]: 2 };
      const report = await sut.call('task_kill', hostile, { auth: anon });
      expect(report.outcome).toBe('invalid_arguments');
      expect(Buffer.byteLength(JSON.stringify(report.result))).toBeLessThan(2_000);
      expect(report.result.content[0]).toMatchObject({
        text: expect.stringContaining(`unknown parameter "mcp_${'x'.repeat(50)}`),
      });
      const logged = JSON.stringify(warn.mock.calls);
      expect(logged.length).toBeLessThan(4_000);
      expect(logged).toContain('tool call rejected');
    } finally {
      warn.mockRestore();
    }
  });

  it('counts a caller as accepted only after an endpoint that checks tokens answered it', async () => {
    const { sut, limits } = build();
    const forged = { token: 'made.up.token', requestId: 'r', caller: 'jwt forged' };
    await sut.call('system_is_alive', {}, { auth: forged });
    expect(limits.isAnonymous('jwt forged')).toBe(true);
    await sut.call('task_kill', { task_id: 1 }, { auth: forged });
    expect(limits.isAnonymous('jwt forged')).toBe(false);
  });

  it('keeps every result within the result budget, errors included', async () => {
    const { sut } = build({
      kind: 'panda_error',
      status: 200,
      message: 'x'.repeat(500_000),
      data: null,
      url: 'u',
    });
    const report = await sut.call('task_kill', { task_id: 1 }, { auth: anon });
    expect(report.result.isError).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(report.result))).toBeLessThanOrEqual(20000 * 4);
    expect(report.result.content.at(-1)).toMatchObject({
      text: expect.stringContaining(
        'This result of task_kill (500,025 bytes) is larger than the result budget',
      ),
    });
  });

  it("runs an own tool's PanDA calls with this message's credentials, and says which tools are not served", async () => {
    const { sut, panda } = build();
    const auth = { token: 'tok-2', vo: 'atlas', requestId: 'req-2' };
    const report = await sut.call('task_diagnose', {}, { auth: auth });
    expect(report).toMatchObject({ outcome: 'ok', result: { content: [{ text: 'diagnosed' }] } });
    expect(seen).toEqual(['ok', 'not_served']);
    expect(panda.calls).toHaveLength(1);
    expect(panda.calls[0]).toMatchObject({ args: { task_id: 7 }, auth });
  });

  it('asks before a destructive call when the client can be asked, without calling PanDA for it', async () => {
    const { sut, panda, metrics } = build();
    const confirmation = {
      canAsk: true,
      state: undefined,
      responses: undefined,
      seal: async () => 'sealed',
    };
    const report = await sut.call('task_kill', { task_id: 1001 }, { auth: anon, confirmation });
    expect(report.outcome).toBe('confirmation_asked');
    expect(report.inputRequired).toMatchObject({ resultType: 'input_required', requestState: 'sealed' });
    // the question's lookups are not served here; the kill itself was not sent
    expect(panda.calls).toEqual([]);
    expect(await metrics.registry.getSingleMetricAsString('panda_mcp_tool_calls_total')).toContain(
      'outcome="confirmation_asked"',
    );
    // read-only tools never ask
    expect((await sut.call('system_is_alive', {}, { auth: anon, confirmation })).outcome).toBe('ok');
  });
});
