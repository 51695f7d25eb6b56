import { Client as Client2025 } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport as Sse2024 } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  Client as Client2026,
  StreamableHTTPClientTransport as Streamable2026,
} from '@modelcontextprotocol/client';
import {
  connect2025 as connect2025To,
  DEFAULT_TOOL_COUNT,
  fetchWithCredentials,
  textOf,
} from '../support/mcp-clients';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';

describe('panda-mcp over Streamable HTTP (both protocol eras) against panda-sim', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    sim = await startPandaSim();
    mcp = await startPandaMcp({ PANDA_API_URL: sim.apiUrl, LOG_LEVEL: 'debug' });
    alice = await sim.token('alice', 'atlas');
    bob = await sim.token('bob', 'atlas');
  }, 120_000);

  afterAll(async () => {
    await mcp?.stop();
    await sim?.stop();
  });

  beforeEach(async () => sim.reset());

  const connect2025 = (credentials: { token?: string; vo?: string }) =>
    connect2025To(mcp.mcpUrl, credentials);

  async function connect2026(credentials: { token?: string; vo?: string }) {
    const client = new Client2026(
      { name: 'e2e-2026', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(
      new Streamable2026(new URL(mcp.mcpUrl), { fetch: fetchWithCredentials(credentials) }),
    );
    return client;
  }

  it('lists the default tools with annotations (2025-era session)', async () => {
    const client = await connect2025({ token: alice, vo: 'atlas' });
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toHaveLength(DEFAULT_TOOL_COUNT);
      expect(names).toEqual(
        expect.arrayContaining(['system_is_alive', 'task_get_status', 'task_kill', 'job_get_status']),
      );
      const byName = new Map(tools.map((t) => [t.name, t]));
      expect(byName.get('task_get_status')!.annotations).toMatchObject({ readOnlyHint: true });
      for (const name of ['task_kill', 'task_finish', 'job_kill', 'task_kill_unfinished_jobs']) {
        expect(byName.get(name)!.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
      }
      expect(byName.get('job_get_status')!.inputSchema).toMatchObject({
        type: 'object',
        properties: { job_ids: { type: 'array', items: { type: 'integer' } } },
        required: ['job_ids'],
      });
    } finally {
      await client.close();
    }
  });

  it("returns alice's task 1001 with her token and forwards her token and VO", async () => {
    const client = await connect2025({ token: alice, vo: 'atlas' });
    try {
      const result = await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('running');
      const last = (await sim.lastCall())!;
      expect(last).toMatchObject({
        method: 'GET',
        path: '/api/v1/task/get_status',
        origin: 'atlas',
        user: 'alice',
      });
      expect(JSON.stringify(last)).not.toContain(alice);
    } finally {
      await client.close();
    }
  });

  it('uses the token of each message, not the one the session started with', async () => {
    const credentials = { token: alice, vo: 'atlas' };
    const client = await connect2025(credentials);
    try {
      await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      credentials.token = await sim.token('alice', 'atlas'); // refreshed: same person, new token
      await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      const [second, first] = await sim.calls(2);
      expect([first.user, second.user]).toEqual(['alice', 'alice']);
      expect(first.tokenId).toBeTruthy();
      expect(second.tokenId).toBeTruthy();
      expect(second.tokenId).not.toBe(first.tokenId);
    } finally {
      await client.close();
    }
  });

  it("keeps a session to the identity that opened it: bob can neither use nor delete alice's", async () => {
    const client = await connect2025({ token: alice, vo: 'atlas' });
    try {
      const sessionId = (client.transport as { sessionId?: string }).sessionId!;
      const asBob = (method: string, body?: string) =>
        fetch(mcp.mcpUrl, {
          method,
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json, text/event-stream',
            Authorization: `Bearer ${bob}`,
            'Mcp-Session-Id': sessionId,
            'Mcp-Protocol-Version': '2025-11-25',
          },
          body,
        });
      const call = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' });
      expect((await asBob('POST', call)).status).toBe(404);
      expect((await asBob('DELETE')).status).toBe(404);
      expect((await asBob('GET')).status).toBe(404);
      const still = await client.callTool({ name: 'system_is_alive', arguments: {} });
      expect(still.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it("turns PanDA's refusal into a tool error: bob cannot kill alice's task", async () => {
    const client = await connect2025({ token: bob, vo: 'atlas' });
    try {
      const result = await client.callTool({ name: 'task_kill', arguments: { task_id: 1001 } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/PanDA (refused|answered)/);
    } finally {
      await client.close();
    }
  });

  it('rejects bad arguments before calling PanDA, naming the parameter and the expected type', async () => {
    const client = await connect2025({ token: alice, vo: 'atlas' });
    try {
      const before = await sim.lastCall();
      const result = await client.callTool({ name: 'job_get_status', arguments: { job_ids: 'seven' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('job_ids');
      expect(textOf(result)).toMatch(/array/);
      const missing = await client.callTool({ name: 'task_kill', arguments: {} });
      expect(textOf(missing)).toContain('task_id');
      expect(await sim.lastCall()).toEqual(before);
      await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool/);
    } finally {
      await client.close();
    }
  });

  it('serves a 2026-07-28 client on the same URL, with per-request credentials', async () => {
    const credentials = { token: alice, vo: 'atlas' };
    const client = await connect2026(credentials);
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(DEFAULT_TOOL_COUNT);
      const result = await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      expect(textOf(result)).toContain('running');
      credentials.token = bob;
      await client.callTool({ name: 'system_is_alive', arguments: {} });
      const [second, first] = await sim.calls(2);
      expect([first.user, second.user]).toEqual(['alice', 'bob']);
    } finally {
      await client.close();
    }
  });

  it('answers 404 for an unknown session id', async () => {
    const response = await fetch(mcp.mcpUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'Mcp-Session-Id': 'no-such-session',
        'Mcp-Protocol-Version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(404);
  });

  it.each(['http://evil.example.com', 'null'])('refuses Origin %s with 403', async (origin) => {
    const response = await fetch(mcp.mcpUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        Origin: origin,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(response.status).toBe(403);
  });

  it('answers broken requests clearly and keeps serving', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(mcp.mcpUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          ...headers,
        },
        body,
      });
    const malformed = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe(-32700);
    const batch = await post('[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]');
    expect(batch.status).toBe(400);
    expect((await batch.json()).error.code).toBe(-32600);
    const huge = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    expect(huge.status).toBe(413);
    const client = await connect2025({ token: alice, vo: 'atlas' });
    const alive = await client.callTool({ name: 'system_is_alive', arguments: {} });
    expect(alive.isError).toBeFalsy();
    await client.close();
  });

  it("keeps the caller's X-Request-Id: answered, in the audit line and sent to PanDA with nothing else", async () => {
    const requestId = `agent-call-${Date.now()}`;
    const client = await connect2025({ token: alice, vo: 'atlas' });
    try {
      const sid = (client.transport as { sessionId?: string }).sessionId!;
      const response = await fetch(mcp.mcpUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          Authorization: `Bearer ${alice}`,
          Origin: 'atlas',
          Cookie: 'session=must-not-travel',
          'X-Forwarded-For': '10.0.0.1',
          'Mcp-Session-Id': sid,
          'Mcp-Protocol-Version': '2025-11-25',
          'X-Request-Id': requestId,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 99,
          method: 'tools/call',
          params: { name: 'task_get_status', arguments: { task_id: 1001 } },
        }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe(requestId);
      const upstream = (await sim.lastCall())!;
      expect(upstream).toMatchObject({ requestId, user: 'alice', origin: 'atlas' });
      const allowed = [
        'host',
        'connection',
        'accept',
        'accept-encoding',
        'user-agent',
        'authorization',
        'origin',
        'x-request-id',
      ];
      expect(upstream.headerNames.filter((name: string) => !allowed.includes(name))).toEqual([]);
      const audit = await mcp.process.waitForLine(
        (line) => line.includes('"event":"tool_call"') && line.includes(requestId),
      );
      expect(JSON.parse(audit)).toMatchObject({ requestId, tool: 'task_get_status', outcome: 'ok' });
    } finally {
      await client.close();
    }
  });

  it('never logs a query string, where a careless client may have put a token', async () => {
    await fetch(`${mcp.baseUrl}/status?token=query-secret-123`, { headers: { 'X-Request-Id': 'query-1' } });
    await fetch(`${mcp.baseUrl}/nowhere?access_token=query-secret-456`, {
      headers: { 'X-Request-Id': 'query-2' },
    });
    const line = await mcp.process.waitForLine((l) => l.includes('"query-2"'));
    expect(JSON.parse(line)).toMatchObject({ req: { path: '/nowhere' }, res: { statusCode: 404 } });
    expect(mcp.process.output()).not.toContain('query-secret');
  });

  it('logs every refusal with its status and reason, and the request id it answered', async () => {
    const response = await fetch(mcp.mcpUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'null', 'X-Request-Id': 'refused-1' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-request-id')).toBe('refused-1');
    const line = await mcp.process.waitForLine(
      (l) => l.includes('"mcp request refused"') && l.includes('refused-1'),
    );
    expect(JSON.parse(line)).toMatchObject({
      status: 403,
      rpcCode: -32000,
      reason: expect.stringContaining('Origin'),
    });
  });

  it('writes an audit line per call with the unverified caller, and never a token', async () => {
    const output = mcp.process.output();
    const audit = output
      .split('\n')
      .filter((line) => line.includes('"event":"tool_call"'))
      .map((line) => JSON.parse(line) as Record<string, any>);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit).toContainEqual(
      expect.objectContaining({
        tool: 'task_get_status',
        outcome: 'ok',
        vo: 'atlas',
        caller: expect.objectContaining({ name: 'alice', verified: false }),
      }),
    );
    for (const token of [alice, bob]) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(token.split('.')[2]);
    }
  });
});

describe('panda-mcp with transport = sse against panda-sim', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp;

  beforeAll(async () => {
    sim = await startPandaSim();
    mcp = await startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_MCP_TRANSPORT: 'sse' });
  }, 120_000);

  afterAll(async () => {
    await mcp?.stop();
    await sim?.stop();
  });

  it('serves the 2024-11-05 SSE transport on /mcp/ and /messages/ with per-message credentials', async () => {
    const credentials = { token: await sim.token('alice', 'atlas'), vo: 'atlas' };
    const client = new Client2025({ name: 'e2e-sse', version: '1.0.0' });
    const fetcher = fetchWithCredentials(credentials);
    await client.connect(
      new Sse2024(new URL(mcp.mcpUrl), { fetch: fetcher, eventSourceInit: { fetch: fetcher } }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBe(DEFAULT_TOOL_COUNT);
      const result = await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      expect(textOf(result)).toContain('running');
      credentials.token = await sim.token('alice', 'atlas'); // refreshed: same person, new token
      await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      const [second, first] = await sim.calls(2);
      expect([first.user, second.user]).toEqual(['alice', 'alice']);
      expect(second.tokenId).not.toBe(first.tokenId);
      const bob = await sim.token('bob', 'atlas');
      const sessionId = (client.transport as unknown as { _endpoint?: URL })._endpoint?.searchParams.get(
        'session_id',
      );
      const asBob = await fetch(`${mcp.baseUrl}/messages/?session_id=${sessionId}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bob}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
      });
      expect(asBob.status).toBe(404);
    } finally {
      await client.close();
    }
  });

  it('answers 404 for a message to an unknown SSE session', async () => {
    const response = await fetch(`${mcp.baseUrl}/messages/?session_id=nope`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(404);
  });
});
