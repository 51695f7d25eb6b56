import {
  Client as Client2026,
  StreamableHTTPClientTransport as Streamable2026,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { apacheUnavailableReason, RunningApache, startApache } from '../support/apache.process';
import { fetchWithCredentials, viaMcpRemote } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/**
 * Scale-out without sticky sessions: three replicas behind Debian's Apache with
 * deploy/apache/panda-mcp-balancer.conf (mod_proxy_balancer, round robin). A 2025-era client and a
 * 2026-07-28 client each make 50 calls; they are spread over every replica and keep succeeding while
 * one replica is stopped with SIGTERM halfway.
 */
const BALANCER_CONF = 'deploy/apache/panda-mcp-balancer.conf';
const MODULES = ['proxy_balancer', 'lbmethod_byrequests', 'slotmem_shm'];
const CALLS = 50;

const unavailable = apacheUnavailableReason(MODULES);
if (unavailable) console.warn(`apache-balancer e2e tests skipped: ${unavailable}`);
const describeWithApache = unavailable ? describe.skip : describe;

/** Tool calls this replica has answered, by its own /metrics (its loopback port, not through Apache). */
async function callsAnswered(replica: RunningPandaMcp): Promise<number> {
  const text = await (await fetch(`${replica.baseUrl}/metrics`)).text();
  return [...text.matchAll(/^panda_mcp_tool_calls_total\{[^}]*\} (\d+)$/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

describeWithApache(
  'three replicas behind Apache mod_proxy_balancer (deploy/apache/panda-mcp-balancer.conf)',
  () => {
    let sim: RunningPandaSim;
    let alice: string;
    const processes: Array<{ stop(): Promise<unknown> }> = [];

    beforeAll(async () => {
      sim = await startPandaSim();
      processes.push(sim);
      alice = await sim.token('alice', 'atlas');
    }, 60_000);

    afterAll(async () => {
      for (const running of processes.reverse()) await running.stop().catch(() => undefined);
    }, 60_000);

    async function startBalanced(
      env: Record<string, string>,
    ): Promise<{ replicas: RunningPandaMcp[]; apache: RunningApache }> {
      const replicas: RunningPandaMcp[] = [];
      for (const route of ['r1', 'r2', 'r3']) {
        const replica = await startPandaMcp({
          PANDA_API_URL: sim.apiUrl,
          PANDA_MCP_BALANCER_ROUTE: route,
          ...env,
        });
        replicas.push(replica);
        processes.push(replica);
      }
      const apache = await startApache({
        include: BALANCER_CONF,
        backendPort: Number(new URL(replicas[0].baseUrl).port),
        modules: MODULES,
        env: Object.fromEntries(
          replicas.map((r, i) => [`PANDA_MCP_MEMBER_${i + 1}`, new URL(r.baseUrl).host]),
        ),
      });
      processes.push(apache);
      return { replicas, apache };
    }

    it(
      'spreads 50 calls of a 2025-era and of a 2026-07-28 client over all replicas (stateless), and they keep ' +
        'succeeding while one replica is stopped with SIGTERM',
      async () => {
        const { replicas, apache } = await startBalanced({ PANDA_MCP_SESSION_MODE: 'stateless' });
        const url = new URL(`${apache.baseUrl}/mcp/`);
        const fetch = fetchWithCredentials({ token: alice, vo: 'atlas' });
        const legacy = new Client({ name: 'e2e-balanced-2025', version: '1.0.0' });
        await legacy.connect(new StreamableHTTPClientTransport(url, { fetch }));
        const modern = new Client2026(
          { name: 'e2e-balanced-2026', version: '1.0.0' },
          { versionNegotiation: { mode: { pin: '2026-07-28' } } },
        );
        await modern.connect(new Streamable2026(url, { fetch }));
        const failures: string[] = [];
        let stopped: Promise<unknown> | undefined;
        try {
          for (let i = 0; i < CALLS; i++) {
            if (i === CALLS / 2) {
              // every replica has served by now
              const counts = await Promise.all(replicas.map(callsAnswered));
              expect(counts.every((n) => n > 0)).toBe(true);
              // SIGTERM, not awaited: calls go on while the replica drains and exits
              stopped = replicas[1].process.stop('SIGTERM');
            }
            for (const [era, client] of [
              ['2025', legacy],
              ['2026-07-28', modern],
            ] as const) {
              try {
                const result = await client.callTool({
                  name: 'task_get_status',
                  arguments: { task_id: 1001 },
                });
                if (result.isError) failures.push(`${era} call ${i}: ${JSON.stringify(result.content)}`);
              } catch (error) {
                failures.push(`${era} call ${i}: ${(error as Error).message}`);
              }
            }
          }
        } finally {
          await legacy.close();
          await modern.close();
        }
        expect(await stopped).toBe(0);
        expect(failures).toEqual([]);
        const survivors = await Promise.all([replicas[0], replicas[2]].map(callsAnswered));
        // after the stop the two others answered the rest: together at least the second half of the calls
        expect(survivors.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(CALLS);
        expect(apache.accessLog().filter((line) => / 5\d\d /.test(line))).toEqual([]);
      },
      120_000,
    );

    it(
      'serves mcp-remote (a stdio proxy in front of the agent) through the balancer, and its calls keep ' +
        'succeeding while one replica is stopped with SIGTERM',
      async () => {
        const { replicas, apache } = await startBalanced({ PANDA_MCP_SESSION_MODE: 'stateless' });
        const remote = viaMcpRemote(`${apache.baseUrl}/mcp/`, { token: alice, vo: 'atlas' });
        const agent = new Client({ name: 'e2e-behind-mcp-remote', version: '1.0.0' });
        const failures: string[] = [];
        let stopped: Promise<unknown> | undefined;
        try {
          await agent.connect(remote.transport);
          for (let i = 0; i < CALLS; i++) {
            if (i === CALLS / 2) stopped = replicas[0].process.stop('SIGTERM');
            try {
              const result = await agent.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
              if (result.isError) failures.push(`call ${i}: ${JSON.stringify(result.content)}`);
            } catch (error) {
              failures.push(`call ${i}: ${(error as Error).message}`);
            }
          }
        } finally {
          await agent.close();
          remote.cleanup();
        }
        const stderr = remote.stderr();
        expect(await stopped).toBe(0);
        expect({ failures, stderr: failures.length ? stderr : '' }).toEqual({ failures: [], stderr: '' });
        // the calls were balanced: the two replicas still running answered some of them
        const survivors = await Promise.all([replicas[1], replicas[2]].map(callsAnswered));
        expect(survivors.every((n) => n > 0)).toBe(true);
        expect(apache.accessLog().filter((line) => / 5\d\d /.test(line))).toEqual([]);
        // streamable HTTP all the way, no fall-back to SSE
        expect(stderr).toContain('Connected to remote server using StreamableHTTPClientTransport');
        // the token went only to the server: mcp-remote's own output never shows it
        expect(stderr).not.toContain(alice);
      },
      120_000,
    );

    it('keeps each SSE session on its replica through stickysession=session_id and balancer_route', async () => {
      const { replicas, apache } = await startBalanced({ PANDA_MCP_TRANSPORT: 'sse' });
      const fetch = fetchWithCredentials({ token: alice, vo: 'atlas' });
      const clients: Client[] = [];
      try {
        for (let i = 0; i < 3; i++) {
          const client = new Client({ name: `e2e-sse-${i}`, version: '1.0.0' });
          await client.connect(
            new SSEClientTransport(new URL(`${apache.baseUrl}/mcp/`), { fetch, eventSourceInit: { fetch } }),
          );
          clients.push(client);
        }
        for (let i = 0; i < 5; i++) {
          for (const client of clients) {
            const result = await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
            expect(result.isError).toBeFalsy();
          }
        }
        // every POST went to the replica that holds its stream (a wrong one would answer 404)
        const posts = apache.accessLog().filter((line) => line.startsWith('POST /messages/'));
        expect(posts.length).toBeGreaterThanOrEqual(15);
        expect(posts.every((line) => / 202 /.test(line))).toBe(true);
        expect(posts.every((line) => /session_id=[0-9a-f]{32}\.r[123] /.test(line))).toBe(true);
        // the three streams were balanced over the replicas
        const counts = await Promise.all(replicas.map(callsAnswered));
        expect(counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
      } finally {
        for (const client of clients) await client.close();
      }
    }, 120_000);
  },
);
