import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

type Envelope<T = unknown> = { success: boolean; message: string; data: T };
type Job = Record<string, unknown> & { PandaID: number; jobStatus: string; Files: unknown[] };

const MEMORY_LIMIT = 300 * 1024 * 1024;
const CALL_TIMEOUT_MS = 60_000;

/** Peak resident memory of a process (Linux VmHWM), in bytes. */
function peakRss(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) * 1024;
}

/** A digest of an answer with its datetimes blanked: times are relative to the sim's (re)start. */
function timeless(answer: string): string {
  const blanked = answer.replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?/g, '<time>');
  return crypto.createHash('sha256').update(blanked).digest('hex');
}

/** The first non-zero error code of a failed job, named by the component that set it. */
function errorCodeOf(job: Record<string, unknown>): string {
  for (const field of [
    'exeErrorCode',
    'pilotErrorCode',
    'ddmErrorCode',
    'supErrorCode',
    'jobDispatcherErrorCode',
    'taskBufferErrorCode',
  ]) {
    if (job[field]) return `${field}:${String(job[field])}`;
  }
  return 'none';
}

/** Tasks 5000 (20,000 jobs) and 5001 (100,000 jobs): counts, PanDA's limits, determinism, memory. */
describe('panda-sim large tasks', () => {
  let sim: RunningPandaSim;
  let alice: string;

  beforeAll(async () => {
    // 3 s: the status read right after the kill must still see it pending, even on a loaded machine
    sim = await startPandaSim({ env: { PANDA_SIM_COMMAND_DELAY: '3' } });
    alice = await sim.token('alice', 'atlas');
  }, 180_000);

  afterAll(async () => {
    await sim?.stop();
  });

  async function text(pathAndQuery: string): Promise<string> {
    const response = await fetch(`${sim.apiUrl}${pathAndQuery}`, {
      headers: { Authorization: `Bearer ${alice}`, Origin: 'atlas', Accept: 'application/json' },
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  async function get<T>(pathAndQuery: string): Promise<Envelope<T>> {
    const answer = JSON.parse(await text(pathAndQuery)) as Envelope<T>;
    expect(answer.success).toBe(true);
    return answer;
  }

  it('answers task reads for 5000 and 5001 like for the small tasks', async () => {
    expect((await get('/task/get_status?task_id=5000')).data).toBe('running');
    const details = await get<{ PandaID: number[]; statistics: string; nFiles: number }>(
      '/task/get_details?task_id=5000&include_status=true',
    );
    expect(details.data.PandaID).toHaveLength(20_000);
    expect(details.data.PandaID[0]).toBe(7_000_000_001);
    expect(details.data.statistics).toMatch(/^(\w+\*\d+,)*\w+\*\d+$/);
    const counted = details.data.statistics
      .split(',')
      .reduce((sum, part) => sum + Number(part.split('*')[1]), 0);
    expect(counted).toBe(20_000);
    expect(details.data).toMatchObject({ nFiles: 20_000, userName: 'Alice Anderson', status: 'running' });
    expect((await get<number[]>('/task/get_job_ids?task_id=5001')).data).toHaveLength(100_000);
    const files = await get<{ dataset: { id: number }; files: unknown[] }[]>(
      '/task/get_datasets_and_files?task_id=5001',
    );
    expect(files.data[0].files).toHaveLength(100_000);
    expect((await get<Record<string, unknown>>('/task/get_task_parameters?task_id=5001')).data).toMatchObject(
      {
        userName: 'Alice Anderson',
        prodSourceLabel: 'user',
      },
    );
    const info = await get<{ datasets: unknown[]; userName: string }>('/task/get_detailed_info?task_id=5001');
    expect(info.data).toMatchObject({ userName: 'Alice Anderson' });
    expect(info.data.datasets).toHaveLength(3);
    const metadata = await get<Record<string, { outputFiles: string[] }>>(
      '/job/get_metadata_for_analysis_jobs?task_id=5001',
    );
    expect(Object.keys(metadata.data).length).toBeGreaterThan(50_000);
    expect(metadata.data['7100000001']?.outputFiles ?? ['user.alice.5001._000001.output.root']).toEqual([
      'user.alice.5001._000001.output.root',
    ]);
  }, 120_000);

  it('cuts job descriptions at 5,500 and shows a realistic failure mix in 5000', async () => {
    const all = await get<Job[]>('/task/get_job_descriptions?task_id=5001&unsuccessful_only=false');
    expect(all.data).toHaveLength(5_500);
    expect(all.data[0]).toMatchObject({ PandaID: 7_100_000_001, jediTaskID: 5001 });
    expect(all.data[0].Files).toHaveLength(3);
    const failures = await get<Job[]>('/task/get_job_descriptions?task_id=5000&unsuccessful_only=true');
    const failed = failures.data.filter((j) => j.jobStatus === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(1_000);
    expect(new Set(failed.map(errorCodeOf)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(failed.map((j) => j.computingSite)).size).toBeGreaterThanOrEqual(3);
    expect(failed.some((j) => Number(j.attemptNr) > 1)).toBe(true);
  }, 120_000);

  it('answers job get_status for ended jobs only within the last hour; the archive still has them', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => 7_000_017_001 + i * 5);
    const query = ids.map((id) => `job_ids=${id}`).join('&');
    const jobs = (await get<Job[]>(`/job/get_description_incl_archive?${query}`)).data;
    const statuses = (await get<{ status: string }[]>(`/job/get_status?${query}`)).data;
    const hourAgo = Date.now() - 3600_000;
    const modified = (job: Job) =>
      Date.parse(`${(job.modificationTime as { __datetime__: string }).__datetime__}Z`);
    const final = ['finished', 'failed', 'cancelled', 'closed'];
    const old = jobs.findIndex((j) => final.includes(j.jobStatus) && modified(j) < hourAgo - 60_000);
    const recent = jobs.findIndex((j) => final.includes(j.jobStatus) && modified(j) > hourAgo + 60_000);
    const active = jobs.findIndex((j) => !final.includes(j.jobStatus));
    expect(Math.min(old, recent, active)).toBeGreaterThanOrEqual(0);
    expect(statuses[old]).toEqual({ status: 'unknown', command: null });
    expect(statuses[recent].status).toBe(jobs[recent].jobStatus);
    expect(statuses[active].status).toBe(jobs[active].jobStatus);
  }, 60_000);

  it('counts the large tasks in the statistics', async () => {
    const started = Date.now();
    const bySite = await get<Record<string, Record<string, number>>>('/statistics/active_job_stats_by_site');
    expect(Date.now() - started).toBeLessThan(5_000);
    const running = Object.values(bySite.data).reduce((sum, states) => sum + (states.running ?? 0), 0);
    expect(running).toBeGreaterThan(5_000);
    const byCloud = await get<Record<string, Record<string, number>>>(
      '/statistics/job_stats_by_cloud?type=analysis',
    );
    expect(Object.keys(byCloud.data).length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('gives the same answers twice and after a reset', async () => {
    const read = async () =>
      (
        await Promise.all([
          text('/task/get_details?task_id=5000'),
          text('/job/get_description?job_ids=7000000005&job_ids=7100099999'),
          text('/task/get_job_descriptions?task_id=5001&unsuccessful_only=true'),
        ])
      ).map(timeless);
    const first = await read();
    expect(await read()).toEqual(first);
    await sim.reset();
    expect(await read()).toEqual(first);
  }, 60_000);

  it('kills task 5000 and cancels its unfinished jobs after the command delay', async () => {
    const running = (await get<Job[]>('/job/get_description?job_ids=7000019990&job_ids=7000019991')).data;
    const response = await fetch(`${sim.apiUrl}/task/kill`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${alice}`,
        Origin: 'atlas',
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ task_id: 5000 }),
    });
    expect(((await response.json()) as Envelope).data).toBe(0);
    expect((await get('/task/get_status?task_id=5000')).data).toBe('aborting');
    const deadline = Date.now() + 15_000;
    while ((await get('/task/get_status?task_id=5000')).data !== 'aborted' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await get('/task/get_status?task_id=5000')).data).toBe('aborted');
    const query = running.map((j) => `job_ids=${j.PandaID}`).join('&');
    const after = (await get<{ status: string }[]>(`/job/get_status?${query}`)).data;
    running.forEach((job, i) => {
      const final = ['finished', 'failed', 'cancelled', 'closed'].includes(job.jobStatus);
      if (!final) expect(after[i].status).toBe('cancelled');
    });
    const details = await get<{ statistics: string }>('/task/get_details?task_id=5000');
    expect(details.data.statistics).not.toMatch(/running|activated|defined/);
    await sim.reset();
  }, 30_000);

  it('stays under 300 MB of resident memory after all of that', () => {
    const peak = peakRss(sim.pid);
    console.log(`panda-sim VmHWM: ${(peak / 1024 / 1024).toFixed(1)} MB`);
    expect(peak).toBeLessThan(MEMORY_LIMIT);
  });
});
