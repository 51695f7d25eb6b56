import { Inject, Injectable } from '@nestjs/common';
import { Clock, SIM_CLOCK } from '../auth/token-verifier.service';
import { SIM_CONFIG, SimConfig } from '../config/sim.config';
import {
  buildSeedData,
  FINAL_JOB_STATES,
  QUEUED_JOB_STATES,
  refreshDatasetCounts,
  SeedData,
} from './seed.data';
import {
  completeRecord,
  DatasetContent,
  DatasetRecord,
  FileRecord,
  JobRecord,
  TASK_FIELDS,
  TaskRecord,
} from './sim-records.types';

/** PanDA's answer to a task command: [return code, message]; 0 means accepted. */
export type CommandResult = [number, string];

export interface TaskCaller {
  /** clean_user_id of the caller's DN. */
  userName: string;
  /** The caller's DN, as PanDA writes it into kill diagnostics. */
  dn: string;
  productionRole: boolean;
}

// JediTaskSpec's status groups, which decide whether a command is accepted
const REJECT_EXTERNAL_CHANGE = [
  'finished',
  'done',
  'prepared',
  'broken',
  'tobroken',
  'aborted',
  'toabort',
  'aborting',
  'failed',
  'passed',
];
const STATUS_TO_RETRY = ['finished', 'failed', 'aborted', 'exhausted'];
const STATUS_TO_INCEXEC = ['done', ...STATUS_TO_RETRY];
const STATUS_TO_REASSIGN = [
  'registered',
  'defined',
  'ready',
  'running',
  'scouting',
  'scouted',
  'pending',
  'assigning',
  'exhausted',
];
const STATUS_NOT_TO_PAUSE = ['finished', 'failed', 'done', 'aborted', 'broken', 'paused'];
/** Active statuses in which a retry only resubmits the failed jobs (PanDA's return code 5). */
const RETRY_WHILE_ACTIVE = ['running', 'scouting', 'pending', 'throttled'];
/** Kill codes with which a production role may kill analysis jobs. */
const PROD_KILL_CODES_FOR_USER_JOBS = ['2', '4', '7', '8', '9', '91', '60'];
const EC_KILL = 100;

const ACCEPTED = 'command is registered. will be executed in a few minutes';

interface PendingTaskCommand {
  taskId: number;
  command: 'kill' | 'finish' | 'retry' | 'incexec' | 'reassign';
  dueAt: number;
  by: string;
  comment?: string;
}

interface PendingJobKill {
  pandaId: number;
  dueAt: number;
}

/**
 * The sim's in-memory PanDA database. Commands are accepted at once and, like JEDI acting on them
 * a little later, complete after PANDA_SIM_COMMAND_DELAY seconds (checked lazily on every read).
 * A restart or `POST /_sim/reset` brings back the seed data.
 */
@Injectable()
export class SimDataStore {
  private data!: SeedData;
  private tasks = new Map<number, TaskRecord>();
  private jobs = new Map<number, JobRecord>();
  private pendingTaskCommands: PendingTaskCommand[] = [];
  private pendingJobKills: PendingJobKill[] = [];
  private nextPandaId = 6_600_000_001;
  /** Failed jobs that already have a new attempt. */
  private retried = new Set<number>();

  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimConfig,
    @Inject(SIM_CLOCK) private readonly clock: Clock,
  ) {
    this.reset();
  }

  reset(): void {
    this.data = buildSeedData(new Date(this.clock()));
    this.tasks = new Map(this.data.tasks.map((t) => [t.jediTaskID, t]));
    this.jobs = new Map(this.data.jobs.map((j) => [j.PandaID, j]));
    this.pendingTaskCommands = [];
    this.pendingJobKills = [];
    this.nextPandaId = 6_600_000_001;
    this.retried = new Set();
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
    return this.jobs.get(pandaId);
  }

  allJobs(): JobRecord[] {
    this.advance();
    return [...this.jobs.values()];
  }

  jobsOfTask(taskId: number): JobRecord[] {
    return this.allJobs().filter((job) => job.jediTaskID === taskId);
  }

  filesOfJob(pandaId: number): FileRecord[] {
    return this.data.jobFiles.get(pandaId) ?? [];
  }

  datasetsOfTask(taskId: number): DatasetRecord[] {
    this.advance();
    return this.data.datasets.get(taskId) ?? [];
  }

  contentsOf(datasetId: number): DatasetContent[] {
    return this.data.contents.get(datasetId) ?? [];
  }

  /** TaskBuffer.validate_ownership_or_production_role. */
  isOwnerOrProduction(taskId: number, caller: TaskCaller): boolean {
    if (caller.productionRole) return true;
    const task = this.task(taskId);
    return task !== undefined && task.userName === caller.userName;
  }

  // ---- task commands -------------------------------------------------------------------------

  /**
   * sendCommandTaskPanda: checks existence, ownership and whether the task's status accepts the
   * command, then moves the task into the command's "doing" status.
   */
  sendTaskCommand(
    taskId: number,
    caller: TaskCaller,
    command:
      'kill' | 'finish' | 'retry' | 'incexec' | 'reassign' | 'pause' | 'resume' | 'avalanche' | 'release',
    comment?: string,
  ): CommandResult {
    const task = this.task(taskId);
    if (!task) return [2, `jediTaskID=${taskId} not found`];
    if (!caller.productionRole && task.userName !== caller.userName) {
      return [3, 'Permission denied: not the task owner or no production role'];
    }
    const status = task.status;
    const rejected: CommandResult = [
      4,
      `Command rejected: the ${command} command is not accepted if the task is in ${status} status`,
    ];
    const now = this.clock();
    const schedule = (cmd: PendingTaskCommand['command']) =>
      this.pendingTaskCommands.push({
        taskId,
        command: cmd,
        dueAt: now + this.config.commandDelaySeconds * 1000,
        by: caller.dn,
        comment,
      });
    switch (command) {
      case 'kill':
      case 'finish':
        if (REJECT_EXTERNAL_CHANGE.includes(status)) return rejected;
        this.setTaskStatus(task, command === 'kill' ? 'aborting' : 'finishing');
        schedule(command);
        break;
      case 'retry':
        if (!STATUS_TO_RETRY.includes(status)) {
          if (RETRY_WHILE_ACTIVE.includes(status)) {
            this.retryFailedJobs(task);
            return [5, status];
          }
          return rejected;
        }
        this.setTaskStatus(task, 'toretry');
        schedule('retry');
        break;
      case 'incexec':
        if (!STATUS_TO_INCEXEC.includes(status)) return rejected;
        this.setTaskStatus(task, 'toincexec');
        schedule('incexec');
        break;
      case 'reassign':
        if (!STATUS_TO_REASSIGN.includes(status)) return rejected;
        task.oldStatus = status;
        this.setTaskStatus(task, 'toreassign');
        schedule('reassign');
        break;
      case 'pause':
        if (STATUS_NOT_TO_PAUSE.includes(status)) return rejected;
        task.oldStatus = status;
        this.setTaskStatus(task, 'paused');
        break;
      case 'resume':
        if (!['paused', 'throttled', 'staging'].includes(status)) return rejected;
        this.setTaskStatus(task, task.oldStatus ?? 'running');
        task.oldStatus = null;
        break;
      case 'avalanche':
        if (status !== 'scouting') return rejected;
        this.setTaskStatus(task, 'running');
        break;
      case 'release':
        if (status !== 'staging') return rejected;
        this.setTaskStatus(task, 'ready');
        break;
    }
    return [0, ACCEPTED];
  }

  /** changeTaskPriorityPanda: the number of tasks changed (0 when the task does not exist). */
  changeTaskPriority(taskId: number, priority: number): number {
    const task = this.task(taskId);
    if (!task) return 0;
    task.currentPriority = priority;
    task.modificationTime = new Date(this.clock());
    for (const job of this.jobsOfTask(taskId)) {
      if (!FINAL_JOB_STATES.includes(job.jobStatus)) job.currentPriority = priority;
    }
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
    const taskId = Math.max(...this.tasks.keys()) + 1;
    const now = new Date(this.clock());
    const userName =
      caller.productionRole && typeof params.userName === 'string' ? params.userName : caller.userName;
    const text = (key: string) => (typeof params[key] === 'string' ? params[key] : null);
    const task = completeRecord(TASK_FIELDS, {
      jediTaskID: taskId,
      taskName: params.taskName,
      status: 'registered',
      userName,
      creationDate: now,
      modificationTime: now,
      stateChangeTime: now,
      prodSourceLabel: label,
      vo: text('vo') ?? 'atlas',
      taskType: text('taskType') ?? (label === 'user' ? 'anal' : 'prod'),
      processingType: text('processingType'),
      architecture: text('architecture'),
      transUses: text('transUses'),
      transHome: text('transHome'),
      transPath: text('transPath'),
      taskPriority: typeof params.taskPriority === 'number' ? params.taskPriority : 1000,
      currentPriority: typeof params.taskPriority === 'number' ? params.taskPriority : 1000,
      coreCount: typeof params.coreCount === 'number' ? params.coreCount : 1,
      cloud: text('cloud'),
      site: text('site'),
      oldStatus: null,
      parent_tid: parentTid ?? taskId,
      superStatus: 'submitting',
      gshare: label === 'user' ? 'User Analysis' : null,
      attemptNr: 0,
      progress: 0,
      failureRate: 0,
    }) as TaskRecord;
    this.tasks.set(taskId, task);
    this.data.taskParams.set(taskId, { ...params, userName });
    this.data.datasets.set(taskId, []);
    return [0, `succeeded. new jediTaskID=${taskId}`, taskId];
  }

  // ---- jobs ----------------------------------------------------------------------------------

  /**
   * killJobs: one bool per requested PandaID. The owner may kill their jobs; a production role may
   * kill production jobs, and analysis jobs only with the kill codes meant for that.
   */
  killJobs(pandaIds: number[], caller: TaskCaller, code: number | null): boolean[] {
    const now = this.clock();
    return pandaIds.map((pandaId) => {
      const job = this.job(pandaId);
      if (!job || FINAL_JOB_STATES.includes(job.jobStatus)) return false;
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
      job.commandToPilot = 'tobekilled';
      job.taskBufferErrorCode = EC_KILL;
      job.taskBufferErrorDiag = `killed by ${caller.dn}`;
      job.modificationTime = new Date(now);
      // a job that has not reached a worker is cancelled at once; a running one once its pilot hears
      if (QUEUED_JOB_STATES.includes(job.jobStatus) || [9, 52, 99].includes(code ?? -1)) {
        this.finishJob(job, 'cancelled', now);
      } else {
        this.pendingJobKills.push({ pandaId, dueAt: now + this.config.commandDelaySeconds * 1000 });
      }
      return true;
    });
  }

  /** setCommandToPilot for job set_command. */
  setJobCommand(pandaId: number, command: string): [boolean, string] {
    const job = this.job(pandaId);
    if (!job) return [false, `PandaID=${pandaId} not found`];
    if (FINAL_JOB_STATES.includes(job.jobStatus))
      return [false, `PandaID=${pandaId} is already ${job.jobStatus}`];
    job.commandToPilot = command;
    job.modificationTime = new Date(this.clock());
    return [true, `command=${command} was set for PandaID=${pandaId}`];
  }

  // ---- time passing --------------------------------------------------------------------------

  /** Completes the commands whose time has come. */
  private advance(): void {
    const now = this.clock();
    const dueKills = this.pendingJobKills.filter((k) => k.dueAt <= now);
    this.pendingJobKills = this.pendingJobKills.filter((k) => k.dueAt > now);
    for (const kill of dueKills) {
      const job = this.jobs.get(kill.pandaId);
      if (job && !FINAL_JOB_STATES.includes(job.jobStatus)) this.finishJob(job, 'cancelled', kill.dueAt);
    }
    const due = this.pendingTaskCommands.filter((c) => c.dueAt <= now);
    this.pendingTaskCommands = this.pendingTaskCommands.filter((c) => c.dueAt > now);
    for (const command of due) this.complete(command);
  }

  private complete(command: PendingTaskCommand): void {
    const task = this.tasks.get(command.taskId);
    if (!task) return;
    const at = command.dueAt;
    const jobs = [...this.jobs.values()].filter((j) => j.jediTaskID === task.jediTaskID);
    const open = jobs.filter((j) => !FINAL_JOB_STATES.includes(j.jobStatus));
    switch (command.command) {
      case 'kill':
        for (const job of open) {
          job.taskBufferErrorCode = EC_KILL;
          job.taskBufferErrorDiag = `killed since the task was aborted by ${command.by}`;
          this.finishJob(job, 'cancelled', at);
        }
        task.errorDialog = `aborted by ${command.by}`;
        this.setTaskStatus(task, 'aborted', at, true);
        break;
      case 'finish': {
        for (const job of open) {
          if (QUEUED_JOB_STATES.includes(job.jobStatus) || job.jobStatus === 'sent') {
            this.finishJob(job, 'cancelled', at);
          } else {
            this.finishJob(job, 'finished', at);
          }
        }
        const anyFailed = jobs.some((j) => j.jobStatus === 'failed');
        this.setTaskStatus(task, anyFailed ? 'finished' : 'done', at, true);
        break;
      }
      case 'retry':
      case 'incexec':
        this.retryFailedJobs(task);
        task.errorDialog = null;
        task.endTime = null;
        task.frozenTime = null;
        this.setTaskStatus(task, 'running', at);
        break;
      case 'reassign': {
        const [kind, target] = (command.comment ?? '').split(':');
        if (kind === 'site' && target) {
          task.site = target;
          for (const job of open) if (QUEUED_JOB_STATES.includes(job.jobStatus)) job.computingSite = target;
        } else if (kind === 'nucleus' && target) {
          task.nucleus = target;
        } else if (kind === 'cloud' && target) {
          task.cloud = target;
        }
        this.setTaskStatus(task, task.oldStatus ?? 'ready', at);
        task.oldStatus = null;
        break;
      }
    }
    this.refreshCounts(task.jediTaskID);
  }

  private setTaskStatus(task: TaskRecord, status: string, at = this.clock(), final = false): void {
    task.status = status;
    task.modificationTime = new Date(at);
    task.stateChangeTime = new Date(at);
    task.superStatus = status;
    if (final) {
      task.endTime = new Date(at);
      task.frozenTime = new Date(at);
    }
  }

  private finishJob(job: JobRecord, status: string, at: number): void {
    job.jobStatus = status;
    job.modificationTime = new Date(at);
    job.stateChangeTime = new Date(at);
    job.endTime = new Date(at);
    if (status === 'finished') {
      job.transExitCode = 0;
      job.nEvents = job.prodSourceLabel === 'managed' ? 1000 : 20000;
    }
    for (const content of this.contentsOfTask(job.jediTaskID)) {
      if (content.PandaID === job.PandaID && content.status === 'running') {
        content.status = status === 'finished' ? 'finished' : 'ready';
      }
    }
  }

  /** New attempts of the failed jobs that have attempts left; the old jobs stay failed. */
  private retryFailedJobs(task: TaskRecord): void {
    const now = new Date(this.clock());
    const failed = [...this.jobs.values()].filter(
      (j) => j.jediTaskID === task.jediTaskID && j.jobStatus === 'failed' && !this.retried.has(j.PandaID),
    );
    for (const old of failed) {
      const pandaId = this.nextPandaId++;
      this.retried.add(old.PandaID);
      const job: JobRecord = {
        ...old,
        PandaID: pandaId,
        jobStatus: 'activated',
        attemptNr: old.attemptNr + 1,
        maxAttempt: Math.max(Number(old.maxAttempt), old.attemptNr + 1),
        creationTime: now,
        modificationTime: now,
        stateChangeTime: now,
        startTime: null,
        endTime: null,
        pilotErrorCode: 0,
        pilotErrorDiag: null,
        exeErrorCode: 0,
        exeErrorDiag: null,
        ddmErrorCode: 0,
        ddmErrorDiag: null,
        transExitCode: null,
        parentID: old.PandaID,
      };
      this.jobs.set(pandaId, job);
      this.data.jobFiles.set(
        pandaId,
        this.filesOfJob(old.PandaID).map((f) => ({ ...f, PandaID: pandaId, attemptNr: job.attemptNr - 1 })),
      );
      for (const content of this.contentsOfTask(task.jediTaskID)) {
        if (content.PandaID === old.PandaID && content.status === 'failed') {
          content.status = 'running';
          content.PandaID = pandaId;
        }
      }
    }
  }

  private contentsOfTask(taskId: number): DatasetContent[] {
    return (this.data.datasets.get(taskId) ?? []).flatMap((d) => this.data.contents.get(d.datasetID) ?? []);
  }

  private refreshCounts(taskId: number): void {
    const task = this.tasks.get(taskId);
    const datasets = this.data.datasets.get(taskId) ?? [];
    refreshDatasetCounts(datasets, this.data.contents, task?.prodSourceLabel === 'managed' ? 1000 : 20000);
    const input = datasets.find((d) => d.type === 'input');
    if (task && input && Number(input.nFiles) > 0) {
      task.progress = Math.floor((100 * Number(input.nFilesFinished)) / Number(input.nFiles));
    }
  }
}
