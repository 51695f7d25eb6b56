import { Inject, Injectable } from '@nestjs/common';
import { Clock, SIM_CLOCK } from '../auth/token-verifier.service';
import { SIM_CONFIG, SimConfig } from '../config/sim.config';
import { FINAL_JOB_STATES, QUEUED_JOB_STATES } from './job-states.data';
import { LargeTaskJobs } from './large-task.jobs';
import { SeedData } from './seed.data';
import { SeedTaskJobs } from './seed-task.jobs';
import { buildSimWorld } from './sim-world.builder';
import { submittedTaskRecord } from './submitted-task.record';
import {
  DatasetContent,
  DatasetRecord,
  FileRecord,
  JobRecord,
  JobSummary,
  TaskRecord,
} from './sim-records.types';
import { TaskJobs } from './task-jobs.types';
import { IMMEDIATE_KILL_CODES, PROD_KILL_CODES_FOR_USER_JOBS, TaskCommand } from './task-command.rules';
import {
  CommandResult,
  completeTaskCommand,
  PendingTaskCommand,
  startTaskCommand,
} from './task-command.transitions';

export interface TaskCaller {
  /** clean_user_id of the caller's DN. */
  userName: string;
  /** The caller's DN, as PanDA writes it into kill diagnostics. */
  dn: string;
  productionRole: boolean;
}

interface PendingJobKill {
  pandaId: number;
  dueAt: number;
}

const FIRST_NEW_ATTEMPT_ID = 6_600_000_001;

/**
 * The sim's in-memory PanDA database: the seed tasks as records, the large tasks (5000, 5001, 5002) as
 * generators with a small per-job state (see TaskJobs). Commands are accepted at once and, like JEDI
 * acting on them a little later, complete after PANDA_SIM_COMMAND_DELAY seconds (checked lazily on
 * every read). A restart or `POST /_sim/reset` brings back the initial world.
 */
@Injectable()
export class SimDataStore {
  private data!: SeedData;
  private tasks = new Map<number, TaskRecord>();
  private taskJobs = new Map<number, TaskJobs>();
  private seedJobs = new Map<number, JobRecord>();
  private pendingTaskCommands: PendingTaskCommand[] = [];
  private pendingJobKills: PendingJobKill[] = [];
  private nextPandaId = FIRST_NEW_ATTEMPT_ID;

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimConfig,
    @Inject(SIM_CLOCK) private readonly clock: Clock,
  ) {
    this.reset();
  }

  reset(): void {
    const world = buildSimWorld(this.clock());
    this.data = world.data;
    this.tasks = world.tasks;
    this.seedJobs = world.seedJobs;
    this.taskJobs = world.taskJobs;
    this.pendingTaskCommands = [];
    this.pendingJobKills = [];
    this.nextPandaId = FIRST_NEW_ATTEMPT_ID;
  }

  // ---- reads ---------------------------------------------------------------------------------

  task(taskId: number): TaskRecord | undefined {
    this.advance();
    return this.tasks.get(taskId);
  }

  allTasks(): TaskRecord[] {
    this.advance();
    return [...this.tasks.values()];
  }

  taskParams(taskId: number): Record<string, unknown> | undefined {
    return this.data.taskParams.get(taskId);
  }

  job(pandaId: number): JobRecord | undefined {
    this.advance();
    return this.ownerOf(pandaId)?.record(pandaId);
  }

  /** The cheap view of a job, enough for its state and ownership. */
  jobSummary(pandaId: number): JobSummary | undefined {
    this.advance();
    return this.ownerOf(pandaId)?.summary(pandaId);
  }

  /** Every job, as summaries (large tasks never build whole records for this). */
  *allJobSummaries(): Iterable<JobSummary> {
    this.advance();
    for (const jobs of this.taskJobs.values()) yield* jobs.summaries();
  }

  jobSummariesOfTask(taskId: number): Iterable<JobSummary> {
    this.advance();
    return this.taskJobs.get(taskId)?.summaries() ?? [];
  }

  jobIdsOfTask(taskId: number): number[] {
    this.advance();
    return this.taskJobs.get(taskId)?.ids() ?? [];
  }

  /** Whole records of a task's jobs, in PandaID order, only those `where` keeps, at most `limit`. */
  jobsOfTask(taskId: number, where?: (job: JobSummary) => boolean, limit = Infinity): JobRecord[] {
    const jobs: JobRecord[] = [];
    for (const summary of this.jobSummariesOfTask(taskId)) {
      if (jobs.length >= limit) break;
      if (where && !where(summary)) continue;
      const record = this.taskJobs.get(taskId)?.record(summary.PandaID);
      if (record) jobs.push(record);
    }
    return jobs;
  }

  filesOfJob(pandaId: number): FileRecord[] {
    return this.ownerOf(pandaId)?.files(pandaId) ?? [];
  }

  outputLfnsOfJob(pandaId: number): string[] {
    return this.ownerOf(pandaId)?.outputLfns(pandaId) ?? [];
  }

  datasetsOfTask(taskId: number): DatasetRecord[] {
    this.advance();
    return this.taskJobs.get(taskId)?.datasets() ?? this.data.datasets.get(taskId) ?? [];
  }

  /** A dataset's files; generated one by one for the large tasks. */
  contentsOf(datasetId: number): Iterable<DatasetContent> {
    // datasetIDs are jediTaskID * 100 + k throughout the sim
    return this.taskJobs.get(Math.floor(datasetId / 100))?.contents(datasetId) ?? [];
  }

  /** TaskBuffer.validate_ownership_or_production_role. */
  isOwnerOrProduction(taskId: number, caller: TaskCaller): boolean {
    if (caller.productionRole) return true;
    const task = this.task(taskId);
    return task !== undefined && task.userName === caller.userName;
  }

  private ownerOf(pandaId: number): TaskJobs | undefined {
    const seed = this.seedJobs.get(pandaId);
    if (seed) return this.taskJobs.get(seed.jediTaskID);
    for (const jobs of this.taskJobs.values())
      if (jobs instanceof LargeTaskJobs && jobs.owns(pandaId)) return jobs;
    return undefined;
  }

  // ---- task commands -------------------------------------------------------------------------

  /**
   * sendCommandTaskPanda: checks existence, ownership and whether the task's status accepts the
   * command, then moves the task into the command's "doing" status.
   */
  sendTaskCommand(taskId: number, caller: TaskCaller, command: TaskCommand, comment?: string): CommandResult {
    const task = this.task(taskId);
    if (!task) return [2, `jediTaskID=${taskId} not found`];
    if (!caller.productionRole && task.userName !== caller.userName) {
      return [3, 'Permission denied: not the task owner or no production role'];
    }
    return startTaskCommand(task, command, this.clock(), {
      schedule: (cmd) =>
        this.pendingTaskCommands.push({
          taskId,
          command: cmd,
          dueAt: this.clock() + this.config.commandDelaySeconds * 1000,
          by: caller.dn,
          comment,
        }),
      retryFailedJobs: () => this.retryFailedJobs(task),
    });
  }

  /** changeTaskPriorityPanda: the number of tasks changed (0 when the task does not exist). */
  changeTaskPriority(taskId: number, priority: number): number {
    const task = this.task(taskId);
    if (!task) return 0;
    task.currentPriority = priority;
    task.modificationTime = new Date(this.clock());
    this.taskJobs.get(taskId)?.setPriority(priority);
    return 1;
  }

  /** changeTaskAttributePanda for ramCount / wallTime / cpuTime / coreCount. */
  changeTaskAttribute(taskId: number, attribute: string, value: unknown): number {
    const task = this.task(taskId);
    if (!task) return 0;
    const column = attribute === 'wallTime' ? 'walltime' : attribute;
    task[column] = value;
    task.modificationTime = new Date(this.clock());
    return 1;
  }

  /**
   * insertTaskParamsPanda: registers a new task (status `registered`, no jobs yet). The owner is the
   * caller unless a production role names another userName; managed tasks need the production role.
   */
  submitTask(
    params: Record<string, unknown>,
    caller: TaskCaller,
    parentTid: number | null,
  ): [number, string, number | null] {
    const label = typeof params.prodSourceLabel === 'string' ? params.prodSourceLabel : 'user';
    if (['managed', 'test'].includes(label) && !caller.productionRole) {
      return [1, `production role is required for prodSourceLabel=${label}`, null];
    }
    if (typeof params.taskName !== 'string' || !params.taskName)
      return [1, 'taskName is undefined in the task parameters', null];
    // new tasks follow the seed range, below the large tasks
    const taskId = Math.max(...[...this.tasks.keys()].filter((id) => id < 5000)) + 1;
    const userName =
      caller.productionRole && typeof params.userName === 'string' ? params.userName : caller.userName;
    const task = submittedTaskRecord(params, taskId, userName, label, parentTid, new Date(this.clock()));
    this.tasks.set(taskId, task);
    this.data.taskParams.set(taskId, { ...params, userName });
    this.data.datasets.set(taskId, []);
    this.taskJobs.set(taskId, new SeedTaskJobs(taskId, this.data, this.seedJobs, label === 'managed'));
    return [0, `succeeded. new jediTaskID=${taskId}`, taskId];
  }

  // ---- jobs ----------------------------------------------------------------------------------

  /**
   * killJobs: one bool per requested PandaID. The owner may kill their jobs; a production role may
   * kill production jobs, and analysis jobs only with the kill codes meant for that.
   */
  killJobs(pandaIds: number[], caller: TaskCaller, code: number | null): boolean[] {
    const now = this.clock();
    this.advance();
    return pandaIds.map((pandaId) => {
      const owner = this.ownerOf(pandaId);
      const job = owner?.summary(pandaId);
      if (!owner || !job || FINAL_JOB_STATES.includes(job.jobStatus)) return false;
      if (caller.productionRole) {
        if (
          ['user', 'panda'].includes(job.prodSourceLabel) &&
          !PROD_KILL_CODES_FOR_USER_JOBS.includes(String(code))
        ) {
          if (job.prodUserName !== caller.userName) return false;
        }
      } else if (job.prodUserName !== caller.userName) {
        return false;
      }
      owner.markKilled(pandaId, caller.dn, now);
      // a job that has not reached a worker is cancelled at once; a running one once its pilot hears
      if (QUEUED_JOB_STATES.includes(job.jobStatus) || IMMEDIATE_KILL_CODES.includes(code ?? -1)) {
        owner.endJob(pandaId, 'cancelled', now);
      } else {
        this.pendingJobKills.push({ pandaId, dueAt: now + this.config.commandDelaySeconds * 1000 });
      }
      return true;
    });
  }

  /** setCommandToPilot for job set_command. */
  setJobCommand(pandaId: number, command: string): [boolean, string] {
    const job = this.jobSummary(pandaId);
    if (!job) return [false, `PandaID=${pandaId} not found`];
    if (FINAL_JOB_STATES.includes(job.jobStatus))
      return [false, `PandaID=${pandaId} is already ${job.jobStatus}`];
    this.ownerOf(pandaId)?.setCommand(pandaId, command, this.clock());
    return [true, `command=${command} was set for PandaID=${pandaId}`];
  }

  // ---- time passing --------------------------------------------------------------------------

  /** Completes the commands whose time has come. */
  private advance(): void {
    const now = this.clock();
    const dueKills = this.pendingJobKills.filter((k) => k.dueAt <= now);
    this.pendingJobKills = this.pendingJobKills.filter((k) => k.dueAt > now);
    for (const kill of dueKills) this.ownerOf(kill.pandaId)?.endJob(kill.pandaId, 'cancelled', kill.dueAt);
    const due = this.pendingTaskCommands.filter((c) => c.dueAt <= now);
    this.pendingTaskCommands = this.pendingTaskCommands.filter((c) => c.dueAt > now);
    for (const command of due) this.complete(command);
  }

  private complete(command: PendingTaskCommand): void {
    const task = this.tasks.get(command.taskId);
    const jobs = this.taskJobs.get(command.taskId);
    if (!task || !jobs) return;
    completeTaskCommand(task, jobs, command, () => this.retryFailedJobs(task));
  }

  private retryFailedJobs(task: TaskRecord): void {
    this.taskJobs.get(task.jediTaskID)?.retryFailed(this.clock(), () => this.nextPandaId++);
  }
}
