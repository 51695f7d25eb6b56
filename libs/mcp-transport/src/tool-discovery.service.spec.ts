import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import { buildTestConfig } from '@panda-mcp/config';
import { registeredTool, registryOf } from './testing/registered-tool.fixture';
import { ToolCallService, UnknownToolError } from './tool-call.service';
import { ToolCatalogue } from './tool-catalogue.service';
import { ToolDiscovery } from './tool-discovery.service';
import { ToolView } from './tool-view';

const TOOLS = [
  registeredTool('task_kill', { readOnly: false, description: 'Kill a task.' }),
  registeredTool('task_get_status', { readOnly: true, description: 'Show the status of a task.' }),
  registeredTool('job_get_status', { readOnly: true, description: 'Show the status of jobs.' }),
];
const registry = registryOf(TOOLS);

/** The tool-call service double: records what call_tool hands on. */
class ToolCallsDouble {
  readonly calls: Array<{ name: string; args: unknown; view?: ToolView }> = [];
  async call(name: string, args: unknown, { view }: { view?: ToolView }) {
    this.calls.push({ name, args, view });
    if (name === 'nosuch') throw new UnknownToolError(name);
    return { result: { content: [{ type: 'text' as const, text: `ran ${name}` }] }, outcome: 'ok' };
  }
}

const everything = new ToolView(false, [], undefined, { readOnly: 'x', toolsets: 'x' });
const readOnly = new ToolView(true, [], undefined, { readOnly: 'this request', toolsets: 'x' });
const textOf = (result: CallToolResult | InputRequiredResult) =>
  ((result as CallToolResult).content[0] as { text: string }).text;

describe(ToolDiscovery.name, () => {
  const calls = new ToolCallsDouble();
  const sut = new ToolDiscovery(
    buildTestConfig({ toolDiscovery: 'search' }),
    new ToolCatalogue(registry, []),
    calls as unknown as ToolCallService,
  );

  it('gives call_tool the hints of the most dangerous tool the view reaches', () => {
    const hints = (view: ToolView) => sut.listTools(view).find((t) => t.name === 'call_tool')?.annotations;
    expect(sut.listTools(everything).map((t) => t.name)).toEqual([
      'search_tools',
      'describe_tool',
      'call_tool',
    ]);
    expect(hints(everything)).toEqual({ readOnlyHint: false, destructiveHint: true });
    expect(hints(readOnly)).toEqual({ readOnlyHint: true });
  });

  it('ranks name matches first and leaves out what the view excludes', async () => {
    const all = JSON.parse(
      textOf(await sut.call('search_tools', { query: 'status task' }, { view: everything })),
    );
    expect(all.matches.map((m: { name: string }) => m.name)).toEqual([
      'task_get_status',
      'job_get_status',
      'task_kill',
    ]);
    const reading = JSON.parse(textOf(await sut.call('search_tools', { query: 'kill' }, { view: readOnly })));
    expect(reading.matches).toEqual([]);
  });

  it('hands call_tool on with the same view, and answers an unknown name as a tool error', async () => {
    const result = await sut.call(
      'call_tool',
      { name: 'task_kill', arguments: { task_id: 1 } },
      { view: readOnly },
    );
    expect(textOf(result)).toBe('ran task_kill');
    expect(calls.calls.at(-1)).toEqual({ name: 'task_kill', args: { task_id: 1 }, view: readOnly });
    const unknown = await sut.call('call_tool', { name: 'nosuch' }, { view: everything });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('Unknown tool: nosuch; search_tools finds the tools there are');
    const nested = await sut.call('call_tool', { name: 'call_tool' }, { view: everything });
    expect(textOf(nested)).toContain('not call_tool');
  });

  it('refuses a search without words', async () => {
    const result = await sut.call('search_tools', { query: '  ' }, { view: everything });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('search_tools needs "query"');
  });
});
