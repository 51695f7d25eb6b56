import type { Client as Client2025 } from '@modelcontextprotocol/sdk/client/index.js';
import {
  Client as Client2026,
  StreamableHTTPClientTransport as Streamable2026,
} from '@modelcontextprotocol/client';
import { connect2025, fetchWithCredentials, textOf } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/** The default result budget: 20,000 tokens of 4 bytes. */
const BUDGET_BYTES = 20000 * 4;

interface Page {
  total: number;
  offset: number;
  count: number;
  nextOffset?: number;
}
interface ToolResult {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: { data: unknown; page?: Page };
  isError?: boolean;
}

/** The serialized size of a result as its client received it. */
const sizeOf = (result: unknown) => Buffer.byteLength(JSON.stringify(result));

/** The body panda-mcp writes first in every paged result: `{ data, page }`. */
function bodyOf(result: ToolResult): { data: unknown; page?: Page } {
  return JSON.parse(result.content[0].text ?? 'null') as { data: unknown; page?: Page };
}

/**
 * Task 5000 (20,000 jobs) and 5001 (100,000 jobs) of panda-sim through panda-mcp: every read-only tool
 * stays within the result budget, says what it left out, and its instructions reach the last record.
 */
describe('large answers: result budget, compact records and paging against panda-sim at scale', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp;
  let alice: string;
  let client: Client2025;

  beforeAll(async () => {
    sim = await startPandaSim();
    mcp = await startPandaMcp({ PANDA_API_URL: sim.apiUrl });
    alice = await sim.token('alice', 'atlas');
    client = await connect2025(mcp.mcpUrl, { token: alice, vo: 'atlas' });
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await mcp?.stop();
    await sim?.stop();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;

  /** Follows nextOffset from the start to the end, at most `maxCalls` calls; every result within the budget. */
  async function pageThrough(name: string, args: Record<string, unknown>, maxCalls: number) {
    const parts: ToolResult[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      if (parts.length >= maxCalls) throw new Error(`${name}: more than ${maxCalls} parts`);
      const result = await call(name, { ...args, mcp_offset: offset });
      expect(result.isError).toBeFalsy();
      expect(sizeOf(result)).toBeLessThanOrEqual(BUDGET_BYTES);
      const page = bodyOf(result).page!;
      expect(page.offset).toBe(offset);
      if (page.nextOffset !== undefined) expect(textOf(result)).toContain(`mcp_offset=${page.nextOffset}`);
      parts.push(result);
      offset = page.nextOffset;
    }
    return parts;
  }

  it('answers every default read-only tool on tasks 5000 and 5001 within the budget, saying what it cut', async () => {
    const { tools } = await client.listTools();
    const readOnly = tools.filter((tool) => tool.annotations?.readOnlyHint);
    const someJobs = bodyOf(await call('task_get_job_ids', { task_id: 5000, mcp_limit: 20 }))
      .data as number[];
    expect(someJobs).toHaveLength(20);
    for (const taskId of [5000, 5001]) {
      // a value for every required parameter the default read-only tools have
      const values: Record<string, unknown> = {
        task_id: taskId,
        job_ids: someJobs,
        since: '2020-01-01 00:00:00',
        type: 'analysis',
        pandaid: someJobs[0],
        job_id: someJobs[0],
        panda_id: someJobs[0],
        from_offset: 30,
      };
      for (const tool of readOnly) {
        const required = (tool.inputSchema.required ?? []) as string[];
        const args: Record<string, unknown> = {};
        for (const name of required) {
          if (!(name in values))
            throw new Error(`no test value for ${tool.name}'s required parameter ${name}`);
          args[name] = values[name];
        }
        if ('task_id' in (tool.inputSchema.properties ?? {})) args.task_id = taskId;
        const result = await call(tool.name, args);
        const size = sizeOf(result);
        expect({ tool: tool.name, taskId, within: size <= BUDGET_BYTES }).toEqual({
          tool: tool.name,
          taskId,
          within: true,
        });
        const text = textOf(result);
        if (tool.inputSchema.properties?.mcp_offset && !result.isError) {
          const page = bodyOf(result).page!;
          expect(page.total).toBeGreaterThanOrEqual(page.count);
          if (page.nextOffset !== undefined) {
            expect(text).toContain(`of ${page.total.toLocaleString('en-US')}`);
            expect(text).toContain(`mcp_offset=${page.nextOffset}`);
          }
        }
      }
    }
  }, 300_000);

  it('reaches the last of the 100,000 PandaIDs of task 5001 by following the notices', async () => {
    const parts = await pageThrough('task_get_job_ids', { task_id: 5001 }, 100);
    const ids = parts.flatMap((part) => bodyOf(part).data as number[]);
    expect(ids).toHaveLength(100_000);
    expect(new Set(ids).size).toBe(100_000);
    const last = ids[ids.length - 1];
    // PanDA stops job descriptions at 5,500; the notice names the route that reaches the rest
    const capped = await call('task_get_job_descriptions', { task_id: 5001, mcp_limit: 1 });
    expect(bodyOf(capped).page).toMatchObject({ total: 5500, pandaCap: 5500 });
    expect(textOf(capped)).toContain('task_get_job_ids');
    expect(textOf(capped)).toContain('job_get_description_incl_archive');
    const described = await call('job_get_description_incl_archive', { job_ids: ids.slice(-5) });
    const records = bodyOf(described).data as Array<{ PandaID: number }>;
    expect(records.map((r) => r.PandaID)).toEqual(ids.slice(-5));
    expect(records.at(-1)!.PandaID).toBe(last);
  }, 180_000);

  it('pages through all failed jobs of task 5000 and finds each exactly once', async () => {
    // PanDA's own answer, straight from the sim, is the truth to compare with
    const direct = await fetch(
      `${sim.apiUrl}/task/get_job_descriptions?task_id=5000&unsuccessful_only=true`,
      {
        headers: { Authorization: `Bearer ${alice}`, Origin: 'atlas', Accept: 'application/json' },
        signal: AbortSignal.timeout(60_000),
      },
    );
    const truth = ((await direct.json()) as { data: Array<{ PandaID: number; jobStatus: string }> }).data;
    const failed = truth.filter((job) => job.jobStatus === 'failed').map((job) => job.PandaID);
    expect(failed.length).toBeGreaterThanOrEqual(1000);

    const parts = await pageThrough(
      'task_get_job_descriptions',
      {
        task_id: 5000,
        unsuccessful_only: true,
        mcp_fields: ['jobStatus', 'pilotErrorCode', 'computingSite'],
      },
      50,
    );
    expect(parts.length).toBeGreaterThan(1);
    const seen = parts.flatMap((part) => bodyOf(part).data as Array<{ PandaID: number; jobStatus: string }>);
    const seenFailed = seen.filter((job) => job.jobStatus === 'failed').map((job) => job.PandaID);
    expect(seenFailed).toHaveLength(new Set(seenFailed).size);
    expect([...seenFailed].sort()).toEqual([...failed].sort());
    expect(seen).toHaveLength(truth.length);
  }, 180_000);

  it('gives compact job records by default, whole ones on request, and validates against the output schema (2026-07-28 client)', async () => {
    const modern = new Client2026(
      { name: 'e2e-2026', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await modern.connect(
      new Streamable2026(new URL(mcp.mcpUrl), { fetch: fetchWithCredentials({ token: alice, vo: 'atlas' }) }),
    );
    try {
      // the SDK client checks structuredContent against the tool's outputSchema and throws on a mismatch
      const compact = (await modern.callTool({
        name: 'task_get_job_descriptions',
        arguments: { task_id: 5000 },
      })) as ToolResult;
      expect(sizeOf(compact)).toBeLessThanOrEqual(BUDGET_BYTES);
      const first = (compact.structuredContent!.data as Array<Record<string, unknown>>)[0];
      expect(Object.keys(first).length).toBeLessThan(30);
      expect(first).toHaveProperty('PandaID');
      expect(first).toHaveProperty('jobStatus');
      expect(Object.values(first)).not.toContain(null);
      expect(compact.structuredContent).toEqual(bodyOf(compact));
      const whole = (await modern.callTool({
        name: 'task_get_job_descriptions',
        arguments: { task_id: 5000, mcp_fields: ['*'], mcp_limit: 2 },
      })) as ToolResult;
      const full = (whole.structuredContent!.data as Array<Record<string, unknown>>)[0];
      expect(Object.keys(full).length).toBeGreaterThan(100);
      const bad = (await modern.callTool({
        name: 'task_get_job_ids',
        arguments: { task_id: 5000, mcp_offset: -3 },
      })) as ToolResult;
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toContain('mcp_offset must be an integer from 0');
      const last = (await sim.lastCall())!;
      expect(last.path).toBe('/api/v1/task/get_job_descriptions');
      expect(Object.keys(last.query ?? {}).some((key) => key.startsWith('mcp_'))).toBe(false);
    } finally {
      await modern.close();
    }
  }, 120_000);
});
