import { findSimUser } from '../identity/sim-users.data';
import { LargeTaskJobs } from './large-task.jobs';
import { LARGE_TASK_PLANS, LargeTaskGenerator } from './large-task.generator';
import { largeDatasets, largeTaskParams, largeTaskRecord } from './large-task.records';
import { buildSeedData, SeedData } from './seed.data';
import { SeedTaskJobs } from './seed-task.jobs';
import { JobRecord, TaskRecord } from './sim-records.types';
import { TaskJobs } from './task-jobs.types';

/** The sim's initial world, indexed the way the store reads it; a reset builds it anew. */
export interface SimWorld {
  data: SeedData;
  tasks: Map<number, TaskRecord>;
  /** The seed tasks' jobs by PandaID. */
  seedJobs: Map<number, JobRecord>;
  taskJobs: Map<number, TaskJobs>;
}

/** The seed tasks as records (see SeedTaskJobs), the large tasks as generators (see LargeTaskJobs). */
export function buildSimWorld(t0: number): SimWorld {
  const data = buildSeedData(new Date(t0));
  const tasks = new Map(data.tasks.map((t) => [t.jediTaskID, t]));
  const seedJobs = new Map(data.jobs.map((j) => [j.PandaID, j]));
  const taskJobs = new Map<number, TaskJobs>(
    data.tasks.map((t) => [
      t.jediTaskID,
      new SeedTaskJobs(t.jediTaskID, data, seedJobs, t.prodSourceLabel === 'managed'),
    ]),
  );
  const world = { data, tasks, seedJobs, taskJobs };
  addLargeTasks(world, t0);
  return world;
}

/** Tasks 5000, 5001 and 5002, modelled on alice's running task 1001. */
function addLargeTasks(world: SimWorld, t0: number): void {
  const template = {
    task: world.tasks.get(1001) as TaskRecord,
    params: world.data.taskParams.get(1001) ?? {},
    datasets: world.data.datasets.get(1001) ?? [],
  };
  const alice = findSimUser('alice');
  if (!alice) throw new Error('panda-sim: seed user alice missing');
  for (const plan of LARGE_TASK_PLANS) {
    const generator = new LargeTaskGenerator(plan, alice, t0);
    const jobs = new LargeTaskJobs(generator, largeDatasets(template, generator));
    world.tasks.set(plan.taskId, largeTaskRecord(template, generator, jobs, t0));
    world.data.taskParams.set(plan.taskId, largeTaskParams(template, generator));
    world.taskJobs.set(plan.taskId, jobs);
  }
}
