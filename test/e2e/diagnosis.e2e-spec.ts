import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  Client as Client2026,
  StreamableHTTPClientTransport as Streamable2026,
} from '@modelcontextprotocol/client';
import { ErrorCatalogue } from '@panda-mcp/diagnosis';
import { connect2025, fetchWithCredentials, textOf } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

interface Group {
  component: string;
  field: string;
  code: number;
  count: number;
  name?: string;
  meaning: string;
  hint?: string;
}
interface TaskDiagnosis {
  jobs: { total: number; byStatus: Record<string, number> };
  failures: { failedJobs: number; read: number; groups: Group[]; otherGroups?: number };
  next: string[];
}

/** The diagnosis tools against panda-sim's tasks, as an agent asks: one call per question. */
describe('task_diagnose and job_diagnose against panda-sim', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp;
  let alice: string;
  let client: Client;

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

  const diagnose = async (taskId: number) => {
    const result = await client.callTool({ name: 'task_diagnose', arguments: { task_id: taskId } });
    expect(result.isError).toBeFalsy();
    return { result, body: JSON.parse(textOf(result)) as TaskDiagnosis };
  };

  it('answers "why did task 5000 fail?" in one call: every failure group panda-sim made, each explained', async () => {
    // panda-sim's own answer is the truth: its failed jobs, and the first error each has set
    const direct = await fetch(
      `${sim.apiUrl}/task/get_job_descriptions?task_id=5000&unsuccessful_only=true`,
      {
        headers: { Authorization: `Bearer ${alice}`, Origin: 'atlas', Accept: 'application/json' },
        signal: AbortSignal.timeout(60_000),
      },
    );
    const failed = ((await direct.json()) as { data: Array<Record<string, unknown>> }).data.filter(
      (job) => job.jobStatus === 'failed',
    );
    const fields = ErrorCatalogue.bundledCatalogue().groupingFields();
    const firstSet = (job: Record<string, unknown>) =>
      fields.map((f) => [f.codeField, job[f.codeField]] as const).find(([, code]) => code && code !== '0');
    const truth = new Set(
      failed
        .map(firstSet)
        .filter((x) => x !== undefined)
        .map(([field, code]) => `${field}:${code}`),
    );

    const { result, body } = await diagnose(5000);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(80_000);
    expect(body.failures.failedJobs).toBe(failed.length);
    expect(body.jobs.byStatus.failed).toBe(failed.length);
    expect(body.jobs.total).toBe(20_000);
    expect(body.failures.otherGroups).toBeUndefined();
    expect(new Set(body.failures.groups.map((g) => `${g.field}:${g.code}`))).toEqual(truth);
    expect(truth.size).toBeGreaterThanOrEqual(5);
    for (const group of body.failures.groups) {
      expect({
        group: `${group.field}:${group.code}`,
        named: typeof group.name,
        hint: typeof group.hint,
      }).toEqual({
        group: `${group.field}:${group.code}`,
        named: 'string',
        hint: 'string',
      });
      expect(group.meaning.length).toBeGreaterThan(20);
    }
    expect(body.failures.groups.reduce((n, g) => n + g.count, 0)).toBe(failed.length);
  }, 120_000);

  it('keeps the diagnosis of a small task small, and of task 5001 within the budget, saying what it could read', async () => {
    const small = await diagnose(1001);
    expect(Buffer.byteLength(JSON.stringify(small.result))).toBeLessThan(8 * 1024);
    const large = await diagnose(5001);
    expect(Buffer.byteLength(JSON.stringify(large.result))).toBeLessThanOrEqual(80_000);
    expect(large.body.jobs.total).toBe(100_000);
    // 5001 has more unsuccessful jobs than PanDA's 5,500: the groups are from those read, and it says so
    expect(large.body.failures.read).toBeLessThan(large.body.failures.failedJobs);
    expect(textOf(large.result)).toContain('PanDA sends at most 5500 unsuccessful jobs');
  }, 120_000);

  it("explains one job, and asks PanDA with the caller's token only", async () => {
    const { body } = await diagnose(5000);
    const pandaId =
      body.failures.groups[0] &&
      (body.failures.groups[0] as unknown as { examplePandaIds: number[] }).examplePandaIds[0];
    const result = await client.callTool({ name: 'job_diagnose', arguments: { panda_id: pandaId } });
    expect(result.isError).toBeFalsy();
    const job = JSON.parse(textOf(result)) as {
      job: Record<string, unknown>;
      errors: Array<{ field: string; meaning: string }>;
    };
    expect(job.job).toMatchObject({ PandaID: pandaId, jobStatus: 'failed' });
    expect(job.errors.length).toBeGreaterThan(0);
    const last = (await sim.lastCall())!;
    expect(last).toMatchObject({
      path: '/api/v1/job/get_description_incl_archive',
      user: 'alice',
      origin: 'atlas',
    });
    const anonymous = await connect2025(mcp.mcpUrl, {});
    try {
      const refused = await anonymous.callTool({ name: 'task_diagnose', arguments: { task_id: 5000 } });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('Cannot diagnose task 5000');
      const bad = await anonymous.callTool({ name: 'task_diagnose', arguments: { task_id: 'x' } });
      expect(textOf(bad)).toContain('task_id must be an integer from 0 to');
    } finally {
      await anonymous.close();
    }
  }, 120_000);

  it('answers "how are my tasks doing?" and "which queues fail most?" from PanDA\'s own counts', async () => {
    const simAnswer = async (path: string) => {
      const response = await fetch(`${sim.apiUrl}/${path}`, {
        headers: { Authorization: `Bearer ${alice}`, Origin: 'atlas', Accept: 'application/json' },
        signal: AbortSignal.timeout(60_000),
      });
      return ((await response.json()) as { data: Record<string, unknown> }).data;
    };
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
    const truth = await simAnswer(
      `task/get_tasks_modified_since?since=${encodeURIComponent(since)}&full=true`,
    );
    const tasks = await client.callTool({ name: 'task_overview', arguments: {} });
    expect(tasks.isError).toBeFalsy();
    const overview = JSON.parse(textOf(tasks)) as {
      tasks: { total: number; byStatus: Record<string, number>; needingAttention: number };
      lines: Array<{ jediTaskID: number; status: string }>;
      next: string[];
    };
    const truthStatuses = Object.values(truth).map((t) => (t as { status: string }).status);
    expect(overview.tasks.total).toBe(truthStatuses.length);
    for (const status of new Set(truthStatuses)) {
      expect(overview.tasks.byStatus[status]).toBe(truthStatuses.filter((s) => s === status).length);
    }
    // the stopped tasks come first, and the first next call diagnoses one of them
    expect(['broken', 'failed', 'exhausted', 'aborted']).toContain(overview.lines[0].status);
    expect(overview.next[0]).toMatch(/^task_diagnose with task_id \d+/);
    expect(Buffer.byteLength(textOf(tasks))).toBeLessThan(8_000);

    // PanDA's statistics count ended jobs within a moving 12-hour window, so a job can age out between
    // two reads: the tool's counts must lie between the sim's counts read just before and just after.
    const statistics = await simAnswer('statistics/job_stats_by_site_and_resource_type');
    const sites = await client.callTool({ name: 'site_overview', arguments: { limit: 3 } });
    const statisticsAfter = await simAnswer('statistics/job_stats_by_site_and_resource_type');
    expect(sites.isError).toBeFalsy();
    const view = JSON.parse(textOf(sites)) as {
      all: { queues: number; jobs: number; failed: number };
      queues: Array<{ site: string; jobs: number; failedFraction?: number; byState: Record<string, number> }>;
    };
    const countsOf = (node: unknown): number =>
      typeof node === 'number' ? node : Object.values(node as object).reduce((n, c) => n + countsOf(c), 0);
    expect(view.all.queues).toBeLessThanOrEqual(Object.keys(statistics).length);
    expect(view.all.queues).toBeGreaterThanOrEqual(Object.keys(statisticsAfter).length);
    const between = (value: number, before: unknown, after: unknown) => {
      expect(value).toBeLessThanOrEqual(countsOf(before));
      expect(value).toBeGreaterThanOrEqual(countsOf(after));
    };
    between(view.all.jobs, statistics, statisticsAfter);
    expect(view.queues).toHaveLength(3);
    const fractions = view.queues.map((q) => q.failedFraction ?? 0);
    expect(fractions).toEqual([...fractions].sort((a, b) => b - a));
    for (const queue of view.queues) {
      between(queue.jobs, statistics[queue.site], statisticsAfter[queue.site] ?? {});
    }

    const one = await client.callTool({ name: 'site_overview', arguments: { site: view.queues[0].site } });
    expect(JSON.parse(textOf(one))).toMatchObject({
      queue: { site: view.queues[0].site },
      rank: expect.stringMatching(/^1 of /),
    });
    const unknown = await client.callTool({ name: 'site_overview', arguments: { site: 'NO_SUCH_QUEUE' } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('PanDA reports no jobs at queue NO_SUCH_QUEUE');
  }, 120_000);

  it('serves prompts and panda:// resources to 2025-era and 2026-07-28 clients, with PanDA refusing a bad token', async () => {
    const modern = new Client2026(
      { name: 'e2e-2026', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await modern.connect(
      new Streamable2026(new URL(mcp.mcpUrl), { fetch: fetchWithCredentials({ token: alice, vo: 'atlas' }) }),
    );
    try {
      for (const agent of [client, modern] as const) {
        const { prompts } = await agent.listPrompts();
        expect(prompts.map((p) => p.name)).toEqual([
          'diagnose_task',
          'diagnose_job',
          'my_tasks_overview',
          'queue_health',
        ]);
        const health = await agent.getPrompt({ name: 'queue_health', arguments: { site: 'ANALY_FZK' } });
        expect(JSON.stringify(health.messages)).toContain('site_overview with site ANALY_FZK');
        await expect(agent.getPrompt({ name: 'queue_health', arguments: { site: '../x' } })).rejects.toThrow(
          'site must be a PanDA queue name',
        );
        const prompt = await agent.getPrompt({ name: 'diagnose_task', arguments: { task_id: '5000' } });
        expect(JSON.stringify(prompt.messages)).toContain('task_diagnose with task_id 5000');
        await expect(agent.getPrompt({ name: 'diagnose_task', arguments: { task_id: 'x' } })).rejects.toThrow(
          'task_id must be a number',
        );
        const { resourceTemplates } = await agent.listResourceTemplates();
        expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
          'panda://task/{task_id}',
          'panda://job/{panda_id}',
        ]);
        const task = await agent.readResource({ uri: 'panda://task/5000' });
        const record = JSON.parse((task.contents[0] as { text: string }).text) as Record<string, unknown>;
        expect(record).toMatchObject({ jediTaskID: 5000, status: 'running', userName: 'Alice Anderson' });
        expect(Buffer.byteLength(JSON.stringify(task))).toBeLessThanOrEqual(80_000);
        const job = await agent.readResource({ uri: 'panda://job/7000000005' });
        expect(JSON.parse((job.contents[0] as { text: string }).text)).toMatchObject({ PandaID: 7000000005 });
        await expect(agent.readResource({ uri: 'panda://site/CERN' })).rejects.toThrow('unknown resource');
      }
    } finally {
      await modern.close();
    }
    const forged = await connect2025(mcp.mcpUrl, { token: 'not.a.token', vo: 'atlas' });
    try {
      await expect(forged.readResource({ uri: 'panda://task/5000' })).rejects.toThrow(
        'PanDA answered HTTP 403',
      );
    } finally {
      await forged.close();
    }
  }, 120_000);
});
