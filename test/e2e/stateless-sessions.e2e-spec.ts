import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_TOOL_COUNT, fetchWithCredentials, textOf } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/**
 * session_mode = stateless: a 2025-era client's initialize, tools/list and tools/call may each reach a
 * different replica and all succeed, because no replica keeps anything another would need.
 */
describe('stateless serving of the 2025-era protocol (session_mode = stateless)', () => {
  let sim: RunningPandaSim;
  let alice: string;
  const replicas: RunningPandaMcp[] = [];

  beforeAll(async () => {
    sim = await startPandaSim();
    alice = await sim.token('alice', 'atlas');
    for (let i = 0; i < 2; i++) {
      replicas.push(await startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_MCP_SESSION_MODE: 'stateless' }));
    }
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await sim?.stop();
  });

  /** A fetch that sends each request to the next replica in turn, as a round-robin balancer does. */
  function roundRobin(extraHeaders: Record<string, string> = {}) {
    const seen: Array<{ replica: number; method: string; status: number }> = [];
    const withCredentials = fetchWithCredentials({ token: alice, vo: 'atlas', headers: extraHeaders });
    let next = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const replica = next++ % replicas.length;
      const url = new URL(input instanceof Request ? input.url : String(input));
      const target = new URL(replicas[replica].mcpUrl);
      url.host = target.host;
      const response = await withCredentials(url, init);
      seen.push({ replica, method: init?.method ?? 'GET', status: response.status });
      return response;
    };
    return { fetch, seen };
  }

  it('serves initialize, tools/list and tools/call from different replicas, each on its own', async () => {
    const { fetch, seen } = roundRobin();
    const client = new Client({ name: 'e2e-stateless', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(replicas[0].mcpUrl), { fetch });
    await client.connect(transport);
    try {
      // no session is kept, so none is named
      expect(transport.sessionId).toBeUndefined();
      expect((await client.listTools()).tools).toHaveLength(DEFAULT_TOOL_COUNT);
      for (let i = 0; i < 4; i++) {
        const status = await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
        expect(status.isError).toBeFalsy();
      }
      const posts = seen.filter((s) => s.method === 'POST');
      expect(new Set(posts.map((s) => s.replica))).toEqual(new Set([0, 1]));
      expect(posts.every((s) => s.status === 200 || s.status === 202)).toBe(true);
      // the stream a 2025 client may open for server messages does not exist here: 405, and the client copes
      expect(seen.filter((s) => s.method === 'GET').every((s) => s.status === 405)).toBe(true);
      const last = (await sim.lastCall())!;
      expect(last).toMatchObject({ path: '/api/v1/task/get_status', user: 'alice', origin: 'atlas' });
    } finally {
      await client.close();
    }
  }, 60_000);

  it("applies each request's own view (X-MCP-Readonly), and a client that declares elicitation cannot be asked here", async () => {
    const readOnly = roundRobin({ 'X-MCP-Readonly': 'true' });
    const reader = new Client({ name: 'e2e-stateless-ro', version: '1.0.0' });
    await reader.connect(new StreamableHTTPClientTransport(new URL(replicas[0].mcpUrl), readOnly));
    const asking = roundRobin();
    const questions: string[] = [];
    const person = new Client(
      { name: 'e2e-stateless-ask', version: '1.0.0' },
      { capabilities: { elicitation: {} } },
    );
    person.setRequestHandler(ElicitRequestSchema, async (request) => {
      questions.push(request.params.message);
      return { action: 'decline' };
    });
    await person.connect(new StreamableHTTPClientTransport(new URL(replicas[0].mcpUrl), asking));
    try {
      const tools = (await reader.listTools()).tools;
      expect(tools.filter((t) => t.annotations?.readOnlyHint !== true)).toEqual([]);
      await expect(reader.callTool({ name: 'task_kill', arguments: { task_id: 1004 } })).rejects.toThrow(
        'read-only mode',
      );
      // stateless 2025-era serving has no channel for a question: the client's own approval applies
      const kill = await person.callTool({ name: 'task_kill', arguments: { task_id: 1004 } });
      expect(textOf(kill)).not.toContain('Nothing was done');
      expect(questions).toEqual([]);
    } finally {
      await reader.close();
      await person.close();
    }
  }, 60_000);
});
