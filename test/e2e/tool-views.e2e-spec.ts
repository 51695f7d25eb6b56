import {
  Client as Client2026,
  StreamableHTTPClientTransport as Streamable2026,
} from '@modelcontextprotocol/client';
import { connect2025, fetchWithCredentials, OWN_TOOL_NAMES } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

interface Listed {
  name: string;
  annotations?: { readOnlyHint?: boolean };
}

/** Read-only mode and toolsets, by configuration and by request header, in both protocol eras. */
describe('what a caller may see and call: read-only mode and toolsets', () => {
  let sim: RunningPandaSim;
  let alice: string;
  const services: RunningPandaMcp[] = [];

  beforeAll(async () => {
    sim = await startPandaSim();
    alice = await sim.token('alice', 'atlas');
  }, 60_000);

  afterAll(async () => {
    for (const service of services) await service.stop();
    await sim?.stop();
  });

  const start = async (env: Record<string, string> = {}) => {
    const service = await startPandaMcp({ PANDA_API_URL: sim.apiUrl, ...env });
    services.push(service);
    return service;
  };
  const kills = () => sim.callsTo('/task/kill');

  const expectReadOnly = (tools: Listed[]) => {
    expect(tools.length).toBeGreaterThan(OWN_TOOL_NAMES.length);
    expect(tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name)).toEqual([]);
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['system_is_alive', ...OWN_TOOL_NAMES]));
  };

  it('serves only read-only tools when read_only is set, and refuses a kill without calling PanDA', async () => {
    const mcp = await start({ PANDA_MCP_READ_ONLY: 'true' });
    const client = await connect2025(mcp.mcpUrl, { token: alice, vo: 'atlas' });
    try {
      expectReadOnly((await client.listTools()).tools);
      const before = await kills();
      await expect(client.callTool({ name: 'task_kill', arguments: { task_id: 1001 } })).rejects.toThrow(
        /Unknown tool: task_kill \(not served to you here: read-only mode \(set by the deployment\)/,
      );
      expect(await kills()).toBe(before);
      // a read-only tool still works
      const details = await client.callTool({ name: 'task_get_details', arguments: { task_id: 1001 } });
      expect(details.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  }, 60_000);

  it('lets a request narrow its view with X-MCP-Readonly, in both eras, and never widen it', async () => {
    const mcp = await start();
    const readOnly = { token: alice, vo: 'atlas', headers: { 'X-MCP-Readonly': 'true' } };
    const legacy = await connect2025(mcp.mcpUrl, readOnly);
    const full = await connect2025(mcp.mcpUrl, { token: alice, vo: 'atlas' });
    const modern = new Client2026(
      { name: 'e2e-2026', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await modern.connect(new Streamable2026(new URL(mcp.mcpUrl), { fetch: fetchWithCredentials(readOnly) }));
    try {
      expectReadOnly((await legacy.listTools()).tools);
      expectReadOnly((await modern.listTools()).tools as Listed[]);
      expect((await full.listTools()).tools.map((t) => t.name)).toContain('task_kill');
      const before = await kills();
      for (const agent of [legacy, modern]) {
        await expect(agent.callTool({ name: 'task_kill', arguments: { task_id: 1001 } })).rejects.toThrow(
          'read-only mode (set by this request (X-MCP-Readonly))',
        );
      }
      expect(await kills()).toBe(before);
    } finally {
      await Promise.all([legacy.close(), full.close(), modern.close()]);
    }
    // a deployment that is read-only stays so whatever a request says
    const locked = await start({ PANDA_MCP_READ_ONLY: 'yes' });
    const widening = await connect2025(locked.mcpUrl, {
      token: alice,
      vo: 'atlas',
      headers: { 'X-MCP-Readonly': 'false' },
    });
    try {
      expectReadOnly((await widening.listTools()).tools);
    } finally {
      await widening.close();
    }
  }, 90_000);

  it('serves the toolsets of the configuration, narrowed by X-MCP-Toolsets, with a clear refusal of the rest', async () => {
    const mcp = await start({ PANDA_MCP_TOOLSETS: 'shifter' });
    const shifter = await connect2025(mcp.mcpUrl, { token: alice, vo: 'atlas' });
    const statisticsCredentials = {
      token: alice,
      vo: 'atlas',
      headers: { 'X-MCP-Toolsets': 'statistics' } as Record<string, string>,
    };
    const statistics = await connect2025(mcp.mcpUrl, statisticsCredentials);
    try {
      const names = (await shifter.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['task_get_details', 'job_get_status', ...OWN_TOOL_NAMES]),
      );
      expect(names).not.toContain('job_kill');
      expect(names).not.toContain('task_retry');
      await expect(shifter.callTool({ name: 'job_kill', arguments: { job_ids: [1] } })).rejects.toThrow(
        'it is in none of the toolsets shifter (chosen by the deployment)',
      );
      const narrowed = (await statistics.listTools()).tools.map((t) => t.name);
      expect(narrowed.filter((n) => !n.startsWith('statistics_')).sort()).toEqual(
        ['system_is_alive', ...OWN_TOOL_NAMES].sort(),
      );
      expect(narrowed.filter((n) => n.startsWith('statistics_')).length).toBeGreaterThan(0);
      // the view of a 2025 session is fixed by its initialize: later requests without the header keep it
      statisticsCredentials.headers = {};
      expect((await statistics.listTools()).tools.map((t) => t.name)).toEqual(narrowed);
      await expect(
        statistics.callTool({ name: 'task_get_details', arguments: { task_id: 1001 } }),
      ).rejects.toThrow('(chosen by this request (X-MCP-Toolsets))');
    } finally {
      await Promise.all([shifter.close(), statistics.close()]);
    }
    // a header naming an unknown toolset is refused with the known names
    const refused = await fetch(mcp.mcpUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'X-MCP-Toolsets': 'operatorz',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      }),
    });
    expect(refused.status).toBe(400);
    const answer = (await refused.json()) as { error: { message: string } };
    expect(answer.error.message).toMatch(
      /X-MCP-Toolsets names unknown toolsets "operatorz" \(known: .*shifter/,
    );
  }, 90_000);

  it('refuses to start on a toolset the toolsets file does not define, naming the known ones', async () => {
    await expect(start({ PANDA_MCP_TOOLSETS: 'nosuch' })).rejects.toThrow(
      /nosuch not defined \(known: .*operator/,
    );
  }, 60_000);
});
