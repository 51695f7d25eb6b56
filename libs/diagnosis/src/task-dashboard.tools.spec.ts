import type { CallToolResult } from '@modelcontextprotocol/server';
import { PANDA_JOB_DESCRIPTION_CAP } from '@panda-mcp/answer-shaping';
import type { PandaCallOutcome } from '@panda-mcp/panda-client';
import { ErrorCatalogue } from './error-catalogue';
import type { PandaCaller } from './own-tool';
import { MAX_SITE_ROWS, MAX_TIMELINE_POINTS, taskDashboardExtras } from './task-dashboard.data';
import { taskDiagnosisTool } from './task-diagnosis.tool';
import { taskFailedJobsTool } from './task-failed-jobs.tool';

type Answer = PandaCallOutcome | { kind: 'not_served' };

/** A PanDA double answering by tool name (and unsuccessful_only), recording each call. */
class ScriptedPanda implements PandaCaller {
  readonly calls: Array<{ tool: string; args: Record<string, unknown> }> = [];
  constructor(private readonly answers: Record<string, Answer>) {}
  call(tool: string, args: Record<string, unknown>): Promise<Answer> {
    this.calls.push({ tool, args });
    const key = args.unsuccessful_only ? `${tool}:unsuccessful` : tool;
    return Promise.resolve(this.answers[key] ?? { kind: 'not_served' });
  }
}

const ok = (data: unknown): Answer => ({ kind: 'ok', status: 200, message: '', data, url: 'http://panda/x' });
const bodyOf = (result: CallToolResult) => JSON.parse((result.content[0] as { text: string }).text);

const job = (id: number, status: string, site: string, extra: Record<string, unknown> = {}) => ({
  PandaID: id,
  jobStatus: status,
  computingSite: site,
  endTime: `2026-11-30 1${id % 3}:${String(id % 60).padStart(2, '0')}:00`,
  ...extra,
});
const failed = (id: number, site: string, pilot: number) =>
  job(id, 'failed', site, {
    pilotErrorCode: pilot,
    pilotErrorDiag: `error ${pilot} on node ${id}`,
    attemptNr: 2,
  });

describe(taskDashboardExtras.name, () => {
  it('counts ended jobs per site (failed fraction of finished + failed), most failures first', () => {
    const jobs = [
      job(1, 'finished', 'A'),
      failed(2, 'A', 1305),
      failed(3, 'B', 1305),
      failed(4, 'B', 1099),
      job(5, 'running', 'B'),
      job(6, 'finished', 'C'),
    ];
    const sut = taskDashboardExtras(jobs);
    expect(sut.jobsRead).toBe(6);
    expect(sut.sites.rows).toEqual([
      { site: 'B', jobs: 3, finished: 0, failed: 2, failedFraction: 1 },
      { site: 'A', jobs: 2, finished: 1, failed: 1, failedFraction: 0.5 },
      { site: 'C', jobs: 1, finished: 1, failed: 0, failedFraction: 0 },
    ]);
  });

  it('bounds the sites and the timeline whatever the number of jobs, and counts every ended job once', () => {
    const jobs = Array.from({ length: 5000 }, (_, i) =>
      job(i, i % 4 ? 'finished' : 'failed', `SITE_${i % 40}`, {
        endTime: new Date(Date.UTC(2026, 10, 1) + i * 600_000).toISOString(),
      }),
    );
    const sut = taskDashboardExtras(jobs);
    expect(sut.sites.rows).toHaveLength(MAX_SITE_ROWS);
    expect(sut.sites.otherSites).toBe(40 - MAX_SITE_ROWS);
    expect(sut.timeline!.points.length).toBeLessThanOrEqual(MAX_TIMELINE_POINTS);
    const points = sut.timeline!.points;
    expect(points.reduce((n, p) => n + p.finished + p.failed, 0)).toBe(5000);
    expect(points.reduce((n, p) => n + p.failed, 0)).toBe(1250);
  });

  it('draws no timeline when no ended job has a time PanDA would write', () => {
    const sut = taskDashboardExtras([job(1, 'finished', 'A', { endTime: 'None', modificationTime: null })]);
    expect(sut.timeline).toBeUndefined();
  });
});

describe('task_diagnose for a client that draws the dashboard', () => {
  const catalogue = ErrorCatalogue.bundledCatalogue();
  const sut = taskDiagnosisTool(catalogue);
  const answers = {
    task_get_details: ok({ jediTaskID: 42, status: 'running', statistics: 'finished*2,failed*2,running*1' }),
    'task_get_job_descriptions:unsuccessful': ok([failed(2, 'A', 1305), failed(3, 'B', 1305)]),
    task_get_job_descriptions: ok([job(1, 'finished', 'A'), failed(2, 'A', 1305), failed(3, 'B', 1305)]),
  };

  it('gives an agent the text alone, from two PanDA calls', async () => {
    const panda = new ScriptedPanda(answers);
    const result = await sut.run({ task_id: 42 }, panda);
    expect(result.structuredContent).toBeUndefined();
    expect(panda.calls.map((c) => c.tool)).toEqual(['task_get_details', 'task_get_job_descriptions']);
  });

  it('adds the same answer as data with the sites and times, from one call over all jobs', async () => {
    const panda = new ScriptedPanda(answers);
    const result = await sut.run({ task_id: 42 }, panda, { forView: true });
    // PanDA sent every job, so the failed ones are read from that answer: no unsuccessful_only call
    expect(panda.calls).toEqual([
      { tool: 'task_get_details', args: { task_id: 42, include_status: true } },
      { tool: 'task_get_job_descriptions', args: { task_id: 42 } },
    ]);
    const data = result.structuredContent as Record<string, any>;
    expect(data).toMatchObject(bodyOf(result));
    expect(bodyOf(result)).toEqual(bodyOf(await sut.run({ task_id: 42 }, new ScriptedPanda(answers))));
    expect(data.dashboard.sites.rows.map((r: { site: string }) => r.site)).toEqual(['B', 'A']);
    expect(data.dashboard.timeline.points.length).toBeGreaterThan(0);
  });

  it('reads the failed jobs on their own when PanDA cannot list every job of the task', async () => {
    const many = Array.from({ length: PANDA_JOB_DESCRIPTION_CAP }, (_, i) => job(1000 + i, 'finished', 'C'));
    const panda = new ScriptedPanda({ ...answers, task_get_job_descriptions: ok(many) });
    const result = await sut.run({ task_id: 42 }, panda, { forView: true });
    expect(panda.calls.map((c) => c.args)).toEqual([
      { task_id: 42, include_status: true },
      { task_id: 42 },
      { task_id: 42, unsuccessful_only: true },
    ]);
    const data = result.structuredContent as Record<string, any>;
    expect(data.failures.read).toBe(2);
    expect(data.dashboard.sites.rows.map((r: { site: string }) => r.site)).toEqual(['C']);
  });

  it('says why there are no sites when the call over all jobs fails, and still answers', async () => {
    const panda = new ScriptedPanda({
      ...answers,
      task_get_job_descriptions: { kind: 'timeout', timeoutMs: 30_000, url: 'http://panda/x' },
    });
    const result = await sut.run({ task_id: 42 }, panda, { forView: true });
    expect(result.isError).toBeUndefined();
    expect((result.structuredContent as Record<string, unknown>).dashboardProblem).toBe(
      'no sites or timeline: PanDA did not answer task_get_job_descriptions within 30 s',
    );
  });
});

describe('task_failed_jobs', () => {
  const sut = taskFailedJobsTool(ErrorCatalogue.bundledCatalogue());
  const jobs = [
    ...Array.from({ length: 30 }, (_, i) => failed(100 + i, 'A', 1305)),
    failed(200, 'B', 1099),
    job(300, 'cancelled', 'B', { pilotErrorCode: 1305 }),
  ];

  it("pages one group's failed jobs (first error set), with the next page named", async () => {
    const panda = new ScriptedPanda({ 'task_get_job_descriptions:unsuccessful': ok(jobs) });
    const result = await sut.run({ task_id: 7, error_field: 'pilotErrorCode', code: 1305, limit: 20 }, panda);
    const body = bodyOf(result);
    expect(panda.calls).toEqual([
      { tool: 'task_get_job_descriptions', args: { task_id: 7, unsuccessful_only: true } },
    ]);
    expect(body.matched).toBe(30);
    expect(body.jobs).toHaveLength(20);
    expect(body.jobs[0]).toEqual({
      PandaID: 100,
      computingSite: 'A',
      ended: jobs[0].endTime,
      attemptNr: 2,
      error: 'pilotErrorCode 1305',
      diagnostic: 'error <n> on node <n>',
    });
    expect(body.next).toEqual([
      'task_failed_jobs {"task_id":7,"error_field":"pilotErrorCode","code":1305,"limit":20,"offset":20} for the next 10',
    ]);
    expect(result.structuredContent).toBeUndefined();
  });

  it('lists a group whose code is a word, as PanDA sets a few', async () => {
    const worded = [job(400, 'failed', 'A', { ddmErrorCode: 'NOREPLICA' }), failed(401, 'A', 1305)];
    const panda = new ScriptedPanda({ 'task_get_job_descriptions:unsuccessful': ok(worded) });
    const args = { task_id: 7, error_field: 'ddmErrorCode', code: 'NOREPLICA' };
    expect(sut.check(args)).toEqual({ ok: true, args });
    const body = bodyOf(await sut.run(args, panda));
    expect(body.jobs.map((j: { PandaID: number }) => j.PandaID)).toEqual([400]);
  });

  it('gives a view the page as data too', async () => {
    const panda = new ScriptedPanda({ 'task_get_job_descriptions:unsuccessful': ok(jobs) });
    const result = await sut.run({ task_id: 7 }, panda, { forView: true });
    expect(result.structuredContent).toEqual(bodyOf(result));
    expect((result.structuredContent as { matched: number }).matched).toBe(31);
  });

  it.each([
    [{ task_id: 7, code: 1305 }, 'error_field and code go together'],
    [{ task_id: 7, error_field: 'nosuchField', code: 1 }, 'error_field must be one of'],
    [{ task_id: 7, limit: 500 }, 'limit must be an integer from 1 to 50'],
    [{ task_id: '7' }, 'task_id must be an integer'],
    [{ task_id: 7, url: 'http://elsewhere' }, 'url'],
    [
      { task_id: 7, error_field: 'pilotErrorCode', code: 'x y<script>' },
      'code must be an integer or a short word',
    ],
    ['task 7', 'the arguments must be an object'],
  ])('refuses %j, saying what was expected', (args, problem) => {
    const checked = sut.check(args);
    expect(checked.ok).toBe(false);
    expect(JSON.stringify(checked)).toContain(problem);
  });

  it("passes PanDA's refusal on as an error result", async () => {
    const panda = new ScriptedPanda({
      'task_get_job_descriptions:unsuccessful': {
        kind: 'panda_error',
        status: 200,
        message: 'no such task',
        data: null,
        url: 'x',
      },
    });
    const result = await sut.run({ task_id: 7 }, panda);
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toBe(
      'Cannot list the failed jobs of task 7: PanDA refused task_get_job_descriptions: no such task',
    );
  });
});
