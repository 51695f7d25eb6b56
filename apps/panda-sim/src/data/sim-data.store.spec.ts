import { ClockDouble, clockDouble, simConfigDouble } from '../testing/sim-test.doubles';
import { seedPandaId } from './seed-plan.data';
import { SimDataStore, TaskCaller } from './sim-data.store';

const alice: TaskCaller = {
  userName: 'Alice Anderson',
  dn: 'Alice Anderson/CN=nickname:alice',
  productionRole: false,
};
const bob: TaskCaller = { userName: 'Bob Brown', dn: 'Bob Brown/CN=nickname:bob', productionRole: false };
const carol: TaskCaller = {
  userName: 'Carol Carter',
  dn: 'Carol Carter/CN=nickname:carol',
  productionRole: true,
};

describe(SimDataStore.name, () => {
  let time: ClockDouble;
  let sut: SimDataStore;

  beforeEach(() => {
    time = clockDouble();
    sut = new SimDataStore(simConfigDouble({ commandDelaySeconds: 5 }), time.clock);
  });

  it('seeds tasks 1001-1050 and the large tasks 5000, 5001, 5002, with alice owning the running task 1001', () => {
    expect(sut.allTasks().map((t) => t.jediTaskID)).toEqual([
      ...Array.from({ length: 50 }, (_, i) => 1001 + i),
      5000,
      5001,
      5002,
    ]);
    expect(sut.task(1001)).toMatchObject({
      userName: 'Alice Anderson',
      status: 'running',
      prodSourceLabel: 'user',
    });
    const failedJob = sut.jobsOfTask(1002).find((j) => j.jobStatus === 'failed');
    expect(failedJob).toMatchObject({ pilotErrorCode: 1305, exeErrorCode: 65, transExitCode: 65 });
  });

  describe('ownership', () => {
    it('lets the owner and a production role act on a task, nobody else', () => {
      expect(sut.isOwnerOrProduction(1001, alice)).toBe(true);
      expect(sut.isOwnerOrProduction(1001, carol)).toBe(true);
      expect(sut.isOwnerOrProduction(1001, bob)).toBe(false);
    });

    it('refuses a command from a non-owner at the database level too', () => {
      expect(sut.sendTaskCommand(1001, bob, 'reassign', 'site:TRIUMF:y')).toEqual([
        3,
        'Permission denied: not the task owner or no production role',
      ]);
    });
  });

  describe('task kill', () => {
    it('moves the task to aborting at once and to aborted, with its jobs cancelled, after the delay', () => {
      expect(sut.sendTaskCommand(1001, carol, 'kill')).toEqual([
        0,
        'command is registered. will be executed in a few minutes',
      ]);
      expect(sut.task(1001)?.status).toBe('aborting');
      time.advance(5_000);
      expect(sut.task(1001)?.status).toBe('aborted');
      const states = new Set(sut.jobsOfTask(1001).map((j) => j.jobStatus));
      expect([...states].sort()).toEqual(['cancelled', 'failed', 'finished']);
    });

    it('rejects a kill of a task that already ended', () => {
      expect(sut.sendTaskCommand(1003, alice, 'kill')).toEqual([
        4,
        'Command rejected: the kill command is not accepted if the task is in done status',
      ]);
    });

    it('answers not found for an unknown task', () => {
      expect(sut.sendTaskCommand(9999, carol, 'kill')).toEqual([2, 'jediTaskID=9999 not found']);
    });
  });

  it('pauses and resumes a task back to its previous status', () => {
    sut.sendTaskCommand(1011, carol, 'pause');
    expect(sut.task(1011)).toMatchObject({ status: 'paused', oldStatus: 'running' });
    sut.sendTaskCommand(1011, carol, 'resume');
    expect(sut.task(1011)).toMatchObject({ status: 'running', oldStatus: null });
  });

  it('retries a failed task: new attempts of the failed jobs, task running again', () => {
    const before = sut.jobsOfTask(1002).length;
    expect(sut.sendTaskCommand(1002, alice, 'retry')[0]).toBe(0);
    expect(sut.task(1002)?.status).toBe('toretry');
    time.advance(5_000);
    expect(sut.task(1002)?.status).toBe('running');
    const retried = sut.jobsOfTask(1002).filter((j) => j.jobStatus === 'activated');
    expect(retried).toHaveLength(5);
    expect(sut.jobsOfTask(1002)).toHaveLength(before + 5);
    expect(retried[0].attemptNr).toBe(3);
  });

  it('changes the priority of a task and of its active jobs', () => {
    expect(sut.changeTaskPriority(1001, 2000)).toBe(1);
    expect(sut.task(1001)?.currentPriority).toBe(2000);
    expect(sut.job(seedPandaId(1001, 5))?.currentPriority).toBe(2000);
    expect(sut.changeTaskPriority(4242, 1)).toBe(0);
  });

  describe('job kill', () => {
    const queued = seedPandaId(1001, 10); // activated
    const running = seedPandaId(1001, 5); // running

    it("refuses bob killing alice's jobs and lets alice kill them", () => {
      expect(sut.killJobs([queued], bob, null)).toEqual([false]);
      expect(sut.killJobs([queued, running, 1], alice, null)).toEqual([true, true, false]);
      expect(sut.job(queued)?.jobStatus).toBe('cancelled');
      expect(sut.job(running)).toMatchObject({ jobStatus: 'running', commandToPilot: 'tobekilled' });
      time.advance(5_000);
      expect(sut.job(running)?.jobStatus).toBe('cancelled');
    });

    it('lets a production role kill analysis jobs only with the kill codes meant for that', () => {
      expect(sut.killJobs([queued], carol, null)).toEqual([false]);
      expect(sut.killJobs([queued], carol, 91)).toEqual([true]);
    });
  });

  it('restores the seed data on reset', () => {
    sut.sendTaskCommand(1001, carol, 'kill');
    sut.reset();
    expect(sut.task(1001)?.status).toBe('running');
  });
});
