import type { CallToolResult } from '@modelcontextprotocol/server';
import type { PandaCallOutcome } from '@panda-mcp/panda-client';
import type { PandaCaller } from './own-tool';
import { siteOverviewTool } from './site-overview.tool';
import { taskOverviewTool } from './task-overview.tool';

type Answer = PandaCallOutcome | { kind: 'not_served' };

/** A PanDA double that records each call and gives the prepared answer. */
class RecordingPanda implements PandaCaller {
  readonly calls: Array<{ tool: string; args: Record<string, unknown> }> = [];
  constructor(private readonly answer: Answer) {}
  call(tool: string, args: Record<string, unknown>): Promise<Answer> {
    this.calls.push({ tool, args });
    return Promise.resolve(this.answer);
  }
}

const ok = (data: unknown): Answer => ({ kind: 'ok', status: 200, message: '', data, url: 'http://panda/x' });
const bodyOf = (result: CallToolResult) =>
  JSON.parse((result.content[0] as { text: string }).text) as Record<string, unknown>;
const textOf = (result: CallToolResult) => (result.content[0] as { text: string }).text;

describe('task_overview', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const sut = taskOverviewTool(() => now);
  const task = (id: number, status: string, extra: Record<string, unknown> = {}) => ({
    jediTaskID: id,
    status,
    taskName: `user.alice.${id}/`,
    progress: 50,
    failureRate: 0,
    modificationTime: `2026-12-0${(id % 2) + 1}T10:00:00`,
    jobParameters: 'x'.repeat(5000),
    ...extra,
  });

  it('asks PanDA for the full records of the window, in its time format', async () => {
    const panda = new RecordingPanda(ok({}));
    await sut.run({ days: 3 }, panda);
    expect(panda.calls).toEqual([
      {
        tool: 'task_get_tasks_modified_since',
        args: { since: '2026-11-29 12:00:00', full: true, prod_source_label: 'user' },
      },
    ]);
  });

  it('counts every task by status and lists those needing attention first, in short lines', async () => {
    const data = {
      1: task(1, 'running'),
      2: task(2, 'broken', { errorDialog: 'all scouts failed' }),
      3: task(3, 'running', { failureRate: 40 }),
      4: task(4, 'done', { progress: 100 }),
      5: task(5, 'exhausted'),
    };
    const result = await sut.run({ limit: 3 }, new RecordingPanda(ok(data)));
    const body = bodyOf(result);
    expect(body.tasks).toEqual({
      total: 5,
      byStatus: { running: 2, broken: 1, done: 1, exhausted: 1 },
      needingAttention: 3,
    });
    expect((body.lines as Array<{ jediTaskID: number }>).map((l) => l.jediTaskID)).toEqual([5, 2, 3]);
    expect(body.shown).toBe('3 of 5');
    expect(textOf(result)).not.toContain('xxxx'); // no whole records
    expect(body.next).toEqual([
      'task_diagnose with task_id 5 (why its jobs fail)',
      expect.stringContaining('task_overview {"days": 7, "limit": 5, "prod_source_label": "user"}'),
    ]);
  });

  it('says plainly when there are no tasks', async () => {
    const body = bodyOf(await sut.run({ prod_source_label: 'managed' }, new RecordingPanda(ok({}))));
    expect(body.note).toBe('PanDA has no managed tasks of yours changed since 2026-11-25 12:00:00 UTC');
  });

  it("reports PanDA's refusal as a tool error", async () => {
    const refused: Answer = { kind: 'http_error', status: 403, text: 'Forbidden', url: 'u' };
    const result = await sut.run({}, new RecordingPanda(refused));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('PanDA answered HTTP 403 for task_get_tasks_modified_since');
  });

  it('refuses bad arguments, naming what was expected', () => {
    expect(sut.check({ days: 0, limit: '5', prod_source_label: 'x', other: 1 })).toEqual({
      ok: false,
      problems: [
        'days must be an integer from 1 to 30, got 0',
        'limit must be an integer from 1 to 100, got "5"',
        'prod_source_label must be one of "user", "managed", got "x"',
        'unknown parameter "other" (expected one of: days, limit, prod_source_label)',
      ],
    });
    expect(sut.check(undefined)).toEqual({ ok: true, args: {} });
  });
});

describe('site_overview', () => {
  const sut = siteOverviewTool();
  const statistics = {
    ANALY_GOOD: { SCORE: { finished: 90, failed: 10, running: 5 }, MCORE: { activated: 7 } },
    ANALY_BAD: { SCORE: { finished: 20, failed: 30 } },
    TINY: { SCORE: { failed: 3 } },
  };

  it('sums resource types and ranks queues by failed fraction, tiny ones last', async () => {
    const panda = new RecordingPanda(ok(statistics));
    const body = bodyOf(await sut.run({}, panda));
    expect(panda.calls).toEqual([{ tool: 'statistics_job_stats_by_site_and_resource_type', args: {} }]);
    expect(body.all).toEqual({ queues: 3, jobs: 165, finished: 110, failed: 43, failedFraction: 0.281 });
    const queues = body.queues as Array<Record<string, unknown>>;
    expect(queues.map((q) => q.site)).toEqual(['ANALY_BAD', 'ANALY_GOOD', 'TINY']);
    expect(queues[1]).toEqual({
      site: 'ANALY_GOOD',
      jobs: 112,
      queued: 7,
      byState: { finished: 90, failed: 10, activated: 7, running: 5 },
      failedFraction: 0.1,
    });
    expect(body.next).toEqual(['site_overview {"site": "ANALY_BAD"} for one queue']);
  });

  it('shows one queue with its rank, and passes the window on', async () => {
    const panda = new RecordingPanda(ok(statistics));
    const body = bodyOf(await sut.run({ site: 'analy_good', time_window: 60 }, panda));
    expect(panda.calls[0].args).toEqual({ time_window: 60 });
    expect(body).toMatchObject({
      window: 'the last 60 minutes',
      queue: { site: 'ANALY_GOOD', jobs: 112 },
      rank: '2 of 3 queues by failed fraction (1 = worst)',
    });
  });

  it('names similar queues when the one asked for has no jobs', async () => {
    const result = await sut.run({ site: 'ANALY_NONE' }, new RecordingPanda(ok(statistics)));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('similar names: ANALY_GOOD, ANALY_BAD');
  });

  it('refuses a queue name that could be anything else', () => {
    expect(sut.check({ site: '../x?y' })).toEqual({
      ok: false,
      problems: ['site must be a PanDA queue name (letters, digits, _ . -), got "../x?y"'],
    });
  });

  it('treats an answer that is not counts by queue as an error', async () => {
    const result = await sut.run({}, new RecordingPanda(ok([1, 2])));
    expect(result.isError).toBe(true);
  });
});
