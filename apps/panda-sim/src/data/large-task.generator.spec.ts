import { findSimUser, SimUser } from '../identity/sim-users.data';
import { LARGE_TASK_FAILURES } from './large-failures.data';
import { LARGE_TASK_PLANS, LargeTaskGenerator } from './large-task.generator';

const T0 = Date.parse('2025-06-01T12:00:00Z');
const alice = findSimUser('alice') as SimUser;
const [plan5000, plan5001] = LARGE_TASK_PLANS;

describe(LargeTaskGenerator.name, () => {
  let sut: LargeTaskGenerator;

  beforeEach(() => {
    sut = new LargeTaskGenerator(plan5000, alice, T0);
  });

  it('plans 20,000 jobs for 5000 and 100,000 for 5001 in PandaID blocks that cannot meet the seed', () => {
    expect([plan5000.jobCount, plan5001.jobCount]).toEqual([20_000, 100_000]);
    expect(sut.pandaIdOf(0)).toBe(7_000_000_001);
    expect(sut.pandaIdOf(19_999)).toBe(7_000_020_000);
    expect(new LargeTaskGenerator(plan5001, alice, T0).pandaIdOf(99_999)).toBe(7_100_100_000);
  });

  it('plans the same job twice, and again in a new generator', () => {
    const again = new LargeTaskGenerator(plan5000, alice, T0);
    for (const k of [0, 1, 4_321, 19_999]) {
      expect(sut.planJob(k)).toEqual(again.planJob(k));
      expect(sut.jobShape(k, sut.planJob(k))).toEqual(again.jobShape(k, again.planJob(k)));
    }
  });

  it('fails about a tenth of the jobs, over many error groups and sites, with a dominant group', () => {
    const byGroup = new Map<string, number>();
    const sites = new Set<string>();
    let failed = 0;
    for (let k = 0; k < plan5000.jobCount; k++) {
      const job = sut.planJob(k);
      if (job.status !== 'failed') continue;
      failed++;
      sites.add(job.queue.queue);
      const id = LARGE_TASK_FAILURES[job.failure].id;
      byGroup.set(id, (byGroup.get(id) ?? 0) + 1);
    }
    expect(failed).toBeGreaterThan(1_000);
    expect(failed).toBeLessThan(2_500);
    expect(byGroup.size).toBeGreaterThanOrEqual(10);
    expect(sites.size).toBe(4);
    expect(Math.max(...byGroup.values())).toBeGreaterThan(failed / 4);
  });

  it('keeps every job inside the task lifetime and ended jobs in order', () => {
    for (let k = 0; k < plan5000.jobCount; k += 97) {
      const job = sut.planJob(k);
      expect(job.created).toBeGreaterThanOrEqual(sut.createdAt);
      expect(job.modified).toBeLessThanOrEqual(T0);
      if (job.started !== null) expect(job.started).toBeGreaterThanOrEqual(job.created);
      if (job.ended !== null) expect(job.ended).toBeGreaterThan(job.started ?? job.created);
    }
  });

  it('writes diagnostics with the volatile parts of the job in them', () => {
    const k = Array.from({ length: 200 }, (_, i) => i).find(
      (i) => sut.planJob(i).status === 'failed',
    ) as number;
    const shape = sut.jobShape(k, sut.planJob(k));
    const diagnostics = JSON.stringify(shape.failure);
    expect(diagnostics).toMatch(/\d{3,}/);
  });
});
