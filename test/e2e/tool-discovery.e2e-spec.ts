import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { REPO_ROOT } from '../support/child-process';
import { everyEndpoint } from '../support/endpoint-lists';
import { connect2025, OWN_TOOL_NAMES, textOf } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/** An endpoint list file naming every endpoint of the bundled API description. */
function writeEveryEndpoint(dir: string): { file: string; tools: string[] } {
  const { list, tools } = everyEndpoint(REPO_ROOT);
  const file = path.join(dir, 'all_endpoints.json');
  fs.writeFileSync(file, JSON.stringify(list));
  return { file, tools };
}

/** tool_discovery = search: a small tool list, and every endpoint reachable through search and call. */
describe('tool search mode', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp;
  let dir: string;
  let every: { file: string; tools: string[] };
  let alice: string;
  let client: Client;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-search-'));
    every = writeEveryEndpoint(dir);
    sim = await startPandaSim();
    mcp = await startPandaMcp({
      PANDA_API_URL: sim.apiUrl,
      PANDA_MCP_TOOL_DISCOVERY: 'search',
      PANDA_MCP_ENDPOINT_LIST_FILE: every.file,
    });
    alice = await sim.token('alice', 'atlas');
    client = await connect2025(mcp.mcpUrl, { token: alice, vo: 'atlas' });
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await mcp?.stop();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const json = (result: unknown) => JSON.parse(textOf(result)) as Record<string, unknown>;

  it('lists three discovery tools and the own tools, in under 8 KB', async () => {
    const listed = await client.listTools();
    expect(listed.tools.map((t) => t.name)).toEqual([
      'search_tools',
      'describe_tool',
      'call_tool',
      ...OWN_TOOL_NAMES,
    ]);
    expect(Buffer.byteLength(JSON.stringify(listed))).toBeLessThan(8 * 1024);
    const call = listed.tools.find((t) => t.name === 'call_tool')!;
    expect(call.annotations).toEqual({ readOnlyHint: false, destructiveHint: true });
  });

  it("finds task_kill, describes it, and kills through call_tool with the caller's token", async () => {
    const found = json(await client.callTool({ name: 'search_tools', arguments: { query: 'kill a task' } }));
    const names = (found.matches as Array<{ name: string }>).map((m) => m.name);
    expect(names.slice(0, 3)).toContain('task_kill');
    const described = json(
      await client.callTool({ name: 'describe_tool', arguments: { name: 'task_kill' } }),
    );
    expect(described).toMatchObject({ name: 'task_kill', inputSchema: { required: ['task_id'] } });
    const killed = await client.callTool({
      name: 'call_tool',
      arguments: { name: 'task_kill', arguments: { task_id: 1009 } },
    });
    expect(killed.isError).toBeFalsy();
    const last = (await sim.lastCall())!;
    expect(last).toMatchObject({ path: '/api/v1/task/kill', user: 'alice' });
    // the rules of a direct call apply: a bad argument never reaches PanDA
    const bad = await client.callTool({
      name: 'call_tool',
      arguments: { name: 'task_kill', arguments: { task_id: 'x' } },
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('Invalid arguments for task_kill; PanDA was not called');
  });

  it(`reaches every endpoint of the API description through describe_tool`, async () => {
    expect(every.tools.length).toBeGreaterThanOrEqual(108);
    for (const name of every.tools) {
      const described = await client.callTool({ name: 'describe_tool', arguments: { name } });
      expect({ name, isError: described.isError ?? false }).toEqual({ name, isError: false });
    }
    const unknown = await client.callTool({ name: 'call_tool', arguments: { name: 'task_frobnicate' } });
    expect(textOf(unknown)).toContain('Unknown tool: task_frobnicate');
  }, 60_000);

  it('marks call_tool read-only when the view reaches only read-only tools, and refuses the rest', async () => {
    const reader = await connect2025(mcp.mcpUrl, {
      token: alice,
      vo: 'atlas',
      headers: { 'X-MCP-Readonly': 'true' },
    });
    try {
      const call = (await reader.listTools()).tools.find((t) => t.name === 'call_tool')!;
      expect(call.annotations).toEqual({ readOnlyHint: true });
      const found = json(await reader.callTool({ name: 'search_tools', arguments: { query: 'kill' } }));
      expect((found.matches as Array<{ name: string }>).map((m) => m.name)).not.toContain('task_kill');
      const refused = await reader.callTool({
        name: 'call_tool',
        arguments: { name: 'task_kill', arguments: { task_id: 1009 } },
      });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('read-only mode (set by this request (X-MCP-Readonly))');
    } finally {
      await reader.close();
    }
  });
});
