import { findSimUser, SimUser } from '../identity/sim-users.data';
import { LargeTaskJobs } from './large-task.jobs';
import { LARGE_TASK_PLANS, LargeTaskGenerator, RETRY_ID_OFFSET } from './large-task.generator';
import { DatasetRecord } from './sim-records.types';

const T0 = Date.parse('2025-06-01T12:00:00Z');
const alice = findSimUser('alice') as SimUser;
const plan = LARGE_TASK_PLANS[0];
const datasets = (): DatasetRecord[] =>
  ['input', 'output', 'log'].map((type, k) => ({
    jediTaskID: plan.taskId,
    datasetID: plan.taskId * 100 + k + 1,
    datasetName: type,
    type,
  }));

describe(LargeTaskJobs.name, () => {
  let sut: LargeTaskJobs;

  beforeEach(() => {
    sut = new LargeTaskJobs(new LargeTaskGenerator(plan, alice, T0), datasets());
  });

  const countOf = (status: string) => [...sut.summaries()].filter((j) => j.jobStatus === status).length;

  it('lists 20,000 jobs in PandaID order and builds whole records and files for any of them', () => {
    const ids = sut.ids();
    expect(ids).toHaveLength(20_000);
    expect(ids[0]).toBe(7_000_000_001);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    const job = sut.record(7_000_012_345);
    expect(job).toMatchObject({
      PandaID: 7_000_012_345,
      jediTaskID: 5000,
      prodUserName: 'Alice Anderson',
      VO: 'atlas',
    });
    expect(sut.files(7_000_012_345).map((f) => f.type)).toEqual(['input', 'output', 'log']);
    expect(sut.record(7_000_020_001)).toBeUndefined();
    expect(sut.record(6_500_000_101)).toBeUndefined();
  });

  it('summarises a job as its record says', () => {
    const summary = sut.summary(7_000_000_077);
    expect(sut.record(7_000_000_077)).toMatchObject({
      jobStatus: summary?.jobStatus,
      computingSite: summary?.computingSite,
      modificationTime: summary?.modificationTime,
      cloud: summary?.cloud,
    });
  });

  it('counts dataset files from the jobs', () => {
    const [input, output] = sut.datasets();
    expect(input).toMatchObject({
      nFiles: 20_000,
      nFilesFinished: countOf('finished'),
      nFilesFailed: countOf('failed'),
    });
    expect(output.nFiles).toBe(countOf('finished'));
    expect([...sut.contents(500001)]).toHaveLength(20_000);
  });

  it('aborts the unfinished jobs without touching the ended ones', () => {
    const failed = countOf('failed');
    sut.abortUnfinished(T0, 'carol');
    expect(countOf('running') + countOf('activated')).toBe(0);
    expect(countOf('failed')).toBe(failed);
    const cancelled = [...sut.summaries()].find((j) => j.modificationTime.getTime() === T0);
    expect(sut.record(cancelled!.PandaID)).toMatchObject({
      jobStatus: 'cancelled',
      taskBufferErrorCode: 100,
      taskBufferErrorDiag: 'killed since the task was aborted by carol',
    });
  });

  it('retries the failed jobs once as new attempts in the retry block', () => {
    const failed = countOf('failed');
    sut.retryFailed(T0);
    sut.retryFailed(T0);
    expect(sut.ids()).toHaveLength(20_000 + failed);
    const first = plan.pandaIdBase + RETRY_ID_OFFSET + 1;
    const attempt = sut.record(first);
    expect(attempt).toMatchObject({ jobStatus: 'activated', pilotErrorCode: 0, startTime: null });
    expect(sut.record(attempt!.parentID as number)?.jobStatus).toBe('failed');
    expect(attempt!.attemptNr).toBe((sut.record(attempt!.parentID as number)?.attemptNr ?? 0) + 1);
  });

  it('kills one job: marked at once, cancelled when the kill completes', () => {
    const running = [...sut.summaries()].find((j) => j.jobStatus === 'running')!.PandaID;
    sut.markKilled(running, 'Alice Anderson/CN=nickname:alice', T0);
    expect(sut.record(running)).toMatchObject({ jobStatus: 'running', commandToPilot: 'tobekilled' });
    sut.endJob(running, 'cancelled', T0 + 5_000);
    expect(sut.record(running)).toMatchObject({ jobStatus: 'cancelled', taskBufferErrorCode: 100 });
  });
});
