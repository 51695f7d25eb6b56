import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import type { McpConnection, McpConnector, McpTarget } from './mcp-connection.connector';
import { TestClientService } from './test-client.service';

const TOOLS: Tool[] = [
  {
    name: 'system_is_alive',
    description: 'Check that PanDA is alive.\nMore text.',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'task_kill',
    description: 'Kill a task.',
    inputSchema: {
      type: 'object',
      properties: { task_id: { type: 'integer', description: 'JEDI task ID' } },
      required: ['task_id'],
    },
    annotations: { destructiveHint: true },
  },
];

class ConnectionDouble implements McpConnection {
  readonly calls: Array<{ name: string; args: Record<string, unknown> }> = [];
  closed = false;
  constructor(private readonly result: CallToolResult) {}
  async listTools() {
    return TOOLS;
  }
  async callTool(name: string, args: Record<string, unknown>) {
    this.calls.push({ name, args });
    return this.result;
  }
  async close() {
    this.closed = true;
  }
}

describe(TestClientService.name, () => {
  const target: McpTarget = {
    url: new URL('http://127.0.0.1:25888/mcp/'),
    transport: 'streamable-http',
    fetch: fetch,
    timeoutMs: 1000,
  };
  let out: string[];
  let err: string[];
  let connection: ConnectionDouble;

  function sutWith(result: CallToolResult): TestClientService {
    connection = new ConnectionDouble(result);
    const connector: McpConnector = { connect: async () => connection };
    return new TestClientService(connector, { out: (t) => out.push(t), err: (t) => err.push(t) });
  }

  beforeEach(() => {
    out = [];
    err = [];
  });

  it('calls the tool a bare name stands for, prints its text and exits 0', async () => {
    const sut = sutWith({ content: [{ type: 'text', text: 'null' }] });
    expect(await sut.call(target, 'text', 'is_alive', {})).toBe(0);
    expect(connection.calls).toEqual([{ name: 'system_is_alive', args: {} }]);
    expect(out).toEqual(['null']);
    expect(connection.closed).toBe(true);
  });

  it('exits 1 on a tool error, with the text on stderr, or the whole result as JSON', async () => {
    const refused: CallToolResult = {
      isError: true,
      content: [{ type: 'text', text: 'PanDA refused task_kill' }],
    };
    expect(await sutWith(refused).call(target, 'text', 'task_kill', { task_id: 1 })).toBe(1);
    expect(err).toEqual(['task_kill failed:\nPanDA refused task_kill']);
    expect(await sutWith(refused).call(target, 'json', 'task_kill', { task_id: 1 })).toBe(1);
    expect(JSON.parse(out[0])).toEqual(refused);
  });

  it('lists tools one per line with their safety hint, and describes one', async () => {
    const sut = sutWith({ content: [] });
    expect(await sut.tools(target, 'text')).toBe(0);
    expect(out[0].split('\n')).toEqual([
      '2 tools at http://127.0.0.1:25888/mcp/',
      '  system_is_alive  read-only    Check that PanDA is alive.',
      '  task_kill        destructive  Kill a task.',
    ]);
    await sut.tools(target, 'text', 'kill');
    expect(out[1]).toContain('task_kill [destructive]');
    expect(out[1]).toContain('  task_id (integer, required): JEDI task ID');
    await sut.tools(target, 'json');
    expect(JSON.parse(out[2])).toEqual(TOOLS);
  });

  it('closes the connection when the call fails', async () => {
    const sut = sutWith({ content: [] });
    await expect(sut.call(target, 'text', 'nope', {})).rejects.toThrow('no tool "nope"');
    expect(connection.closed).toBe(true);
  });
});
