import { buildJobFiles, buildJobRecord, JobShape, logSizeOf } from './job-record.builder';
import { LARGE_JOB_STATES, LargeTaskGenerator, RETRY_ID_OFFSET, STATE_CODE } from './large-task.generator';
import { DatasetContent, DatasetRecord, FileRecord, JobRecord, JobSummary } from './sim-records.types';
import { SIM_QUEUES, SimQueue } from './sim-sites.data';
import { TaskJobs } from './task-jobs.types';

/** Why a job is no longer as generated; decides the kill columns of its record. */
const enum Cause {
  None = 0,
  TaskKill = 1,
  JobKill = 2,
}

const FINAL = new Set(['finished', 'failed', 'cancelled', 'closed']);
const QUEUED = new Set(['defined', 'assigned', 'activated', 'sent']);
const EC_KILL = 100;

/**
 * The jobs of a large task: what commands may change (state, time, site, kill cause) is kept in
 * a few typed arrays, one slot per job; everything else is regenerated from (task, index) when a
 * record is asked for. Index k < jobCount is generated job k; index jobCount + a is the a-th new
 * attempt made by a retry.
 */
export class LargeTaskJobs implements TaskJobs {
  readonly taskId: number;
  private readonly jobCount: number;
  private status: Uint8Array;
  private modified: Float64Array;
  private queue: Uint8Array;
  private cause: Uint8Array;
  private readonly queues: SimQueue[] = SIM_QUEUES.filter((q) => q.type === 'analysis');
  /** Generated job index and creation time of each new attempt. */
  private readonly attemptOf: number[] = [];
  private readonly attemptCreated: number[] = [];
  private readonly retried: Uint8Array;
  /** Newest attempt of a generated job that was retried. */
  private readonly latest = new Map<number, number>();
  private readonly killedBy = new Map<number, string>();
  private readonly commands = new Map<number, string>();
  private priority: number | null = null;
  private abortedBy = '';

  constructor(
    private readonly generator: LargeTaskGenerator,
    private readonly datasetRecords: DatasetRecord[],
  ) {
    this.taskId = generator.plan.taskId;
    this.jobCount = generator.plan.jobCount;
    this.status = new Uint8Array(this.jobCount);
    this.modified = new Float64Array(this.jobCount);
    this.queue = new Uint8Array(this.jobCount);
    this.cause = new Uint8Array(this.jobCount);
    this.retried = new Uint8Array(this.jobCount);
    for (let k = 0; k < this.jobCount; k++) {
      const plan = generator.planJob(k);
      this.status[k] = STATE_CODE.get(plan.status) ?? 0;
      this.modified[k] = plan.modified;
      this.queue[k] = this.queues.indexOf(plan.queue);
    }
    this.progress();
  }

  private get size(): number {
    return this.jobCount + this.attemptOf.length;
  }

  private idOf(i: number): number {
    const base = this.generator.plan.pandaIdBase;
    return i < this.jobCount ? base + i + 1 : base + RETRY_ID_OFFSET + (i - this.jobCount) + 1;
  }

  private indexOf(pandaId: number): number {
    const offset = pandaId - this.generator.plan.pandaIdBase - 1;
    if (Number.isInteger(offset) && offset >= 0 && offset < this.jobCount) return offset;
    const attempt = offset - RETRY_ID_OFFSET;
    return attempt >= 0 && attempt < this.attemptOf.length ? this.jobCount + attempt : -1;
  }

  private stateOf(i: number): string {
    return LARGE_JOB_STATES[this.status[i]];
  }

  ids(): number[] {
    return Array.from({ length: this.size }, (_, i) => this.idOf(i));
  }

  *summaries(): Iterable<JobSummary> {
    for (let i = 0; i < this.size; i++) yield this.summaryAt(i);
  }

  owns(pandaId: number): boolean {
    return this.indexOf(pandaId) >= 0;
  }

  summary(pandaId: number): JobSummary | undefined {
    const i = this.indexOf(pandaId);
    return i < 0 ? undefined : this.summaryAt(i);
  }

  record(pandaId: number): JobRecord | undefined {
    const i = this.indexOf(pandaId);
    return i < 0 ? undefined : this.build(i);
  }

  files(pandaId: number): FileRecord[] {
    const i = this.indexOf(pandaId);
    return i < 0 ? [] : buildJobFiles(this.generator.shape, this.shapeAt(i));
  }

  outputLfns(pandaId: number): string[] {
    const i = this.indexOf(pandaId);
    if (i < 0) return [];
    const k = i < this.jobCount ? i : this.attemptOf[i - this.jobCount];
    return [this.generator.shape.outputLfn(k + 1)];
  }

  datasets(): DatasetRecord[] {
    return this.datasetRecords;
  }

  *contents(datasetId: number): Iterable<DatasetContent> {
    const kind = datasetId - this.taskId * 100;
    const shape = this.generator.shape;
    for (let k = 0; k < this.jobCount; k++) {
      const i = this.latest.get(k) ?? k;
      const state = this.stateOf(i);
      const n = k + 1;
      const common = { PandaID: this.idOf(i), fileID: shape.fileId(kind, n) };
      if (kind === 1) {
        const status = inputStatusOf(state);
        yield {
          lfn: shape.inputLfn(n),
          scope: 'mc23_13p6TeV',
          status,
          fsize: this.generator.inputSizeOf(k),
          ...common,
        };
      } else if (kind === 2 && state === 'finished') {
        const fsize = Math.round(this.generator.inputSizeOf(k) * 0.02);
        yield { lfn: shape.outputLfn(n), scope: shape.scope, status: 'finished', fsize, ...common };
      } else if (kind === 3 && FINAL.has(state)) {
        yield {
          lfn: shape.logLfn(n),
          scope: shape.scope,
          status: 'finished',
          fsize: logSizeOf(n),
          ...common,
        };
      }
    }
  }

  progress(): number {
    const input = { finished: 0, failed: 0, ready: 0 };
    let ended = 0;
    for (let k = 0; k < this.jobCount; k++) {
      const state = this.stateOf(this.latest.get(k) ?? k);
      const status = inputStatusOf(state);
      if (status === 'finished' || status === 'failed' || status === 'ready') input[status]++;
      if (FINAL.has(state)) ended++;
    }
    const files = this.jobCount;
    const events = this.generator.shape.eventsPerFile;
    for (const dataset of this.datasetRecords) {
      const nFiles = dataset.type === 'input' ? files : dataset.type === 'output' ? input.finished : ended;
      Object.assign(dataset, {
        nFiles,
        nFilesToBeUsed: nFiles,
        nFilesFinished: dataset.type === 'input' ? input.finished : nFiles,
        nFilesFailed: dataset.type === 'input' ? input.failed : 0,
        nFilesUsed: dataset.type === 'input' ? files - input.ready : nFiles,
        nFilesWaiting: dataset.type === 'input' ? input.ready : 0,
        nFilesOnHold: 0,
      });
      if (dataset.type === 'input') {
        Object.assign(dataset, {
          nEvents: files * events,
          nEventsToBeUsed: files * events,
          nEventsUsed: (files - input.ready) * events,
        });
      }
    }
    return Math.floor((100 * input.finished) / files);
  }

  /** Share of generated jobs that failed, for the task's failureRate. */
  failureRate(): number {
    let failed = 0;
    for (let k = 0; k < this.jobCount; k++) if (this.stateOf(k) === 'failed') failed++;
    return Math.floor((100 * failed) / this.jobCount);
  }

  markKilled(pandaId: number, dn: string, at: number): void {
    const i = this.indexOf(pandaId);
    if (i < 0) return;
    this.cause[i] = Cause.JobKill;
    this.killedBy.set(i, dn);
    this.modified[i] = at;
  }

  endJob(pandaId: number, status: 'cancelled' | 'finished', at: number): void {
    const i = this.indexOf(pandaId);
    if (i >= 0) this.end(i, status, at);
  }

  setCommand(pandaId: number, command: string, at: number): void {
    const i = this.indexOf(pandaId);
    if (i < 0) return;
    this.commands.set(i, command);
    this.modified[i] = at;
  }

  setPriority(priority: number): void {
    this.priority = priority;
  }

  abortUnfinished(at: number, by: string): void {
    this.abortedBy = by;
    for (let i = 0; i < this.size; i++) {
      if (FINAL.has(this.stateOf(i))) continue;
      this.cause[i] = Cause.TaskKill;
      this.end(i, 'cancelled', at);
    }
  }

  finishUnfinished(at: number): void {
    for (let i = 0; i < this.size; i++) {
      const state = this.stateOf(i);
      if (!FINAL.has(state)) this.end(i, QUEUED.has(state) ? 'cancelled' : 'finished', at);
    }
  }

  retryFailed(now: number): void {
    const fresh: number[] = [];
    for (let k = 0; k < this.jobCount; k++) {
      if (!this.retried[k] && this.stateOf(k) === 'failed') fresh.push(k);
    }
    if (!fresh.length) return;
    const first = this.size;
    this.grow(first + fresh.length);
    fresh.forEach((k, a) => {
      const i = first + a;
      this.retried[k] = 1;
      this.attemptOf.push(k);
      this.attemptCreated.push(now);
      this.latest.set(k, i);
      this.status[i] = STATE_CODE.get('activated') ?? 0;
      this.modified[i] = now;
      this.queue[i] = this.queue[k];
    });
  }

  reassignQueued(site: string): void {
    let q = this.queues.findIndex((queue) => queue.queue === site);
    if (q < 0) {
      // a queue the sim does not know: keep the old one's other properties
      this.queues.push({ ...this.queues[0], queue: site, site });
      q = this.queues.length - 1;
    }
    for (let i = 0; i < this.size; i++)
      if (QUEUED.has(this.stateOf(i)) && this.stateOf(i) !== 'sent') this.queue[i] = q;
  }

  private end(i: number, status: 'cancelled' | 'finished', at: number): void {
    if (FINAL.has(this.stateOf(i))) return;
    this.status[i] = STATE_CODE.get(status) ?? 0;
    this.modified[i] = at;
  }

  private grow(capacity: number): void {
    const copy = <T extends Uint8Array | Float64Array>(old: T, next: T): T => {
      next.set(old.subarray(0, Math.min(old.length, capacity)));
      return next;
    };
    this.status = copy(this.status, new Uint8Array(capacity));
    this.modified = copy(this.modified, new Float64Array(capacity));
    this.queue = copy(this.queue, new Uint8Array(capacity));
    this.cause = copy(this.cause, new Uint8Array(capacity));
  }

  private summaryAt(i: number): JobSummary {
    const queue = this.queues[this.queue[i]];
    const jobStatus = this.stateOf(i);
    return {
      PandaID: this.idOf(i),
      jediTaskID: this.taskId,
      jobStatus,
      prodUserName: this.generator.user.name,
      prodSourceLabel: 'user',
      computingSite: queue.queue,
      modificationTime: new Date(this.modified[i]),
      cloud: queue.cloud,
      processingType: 'panda-client-1.5.90-jedi-run',
      resource_type: 'SCORE',
      gshare: 'User Analysis',
      nEvents: jobStatus === 'finished' ? this.generator.shape.eventsPerFile : 0,
    };
  }

  /** The builder's view of job i: as generated, then what commands changed. */
  private shapeAt(i: number): JobShape {
    const k = i < this.jobCount ? i : this.attemptOf[i - this.jobCount];
    const plan = this.generator.planJob(k);
    const shape: JobShape = this.generator.jobShape(k, plan);
    const state = this.stateOf(i);
    if (i >= this.jobCount) {
      const created = new Date(this.attemptCreated[i - this.jobCount]);
      Object.assign(shape, {
        pandaId: this.idOf(i),
        attemptNr: plan.attemptNr + 1,
        maxAttempt: Math.max(shape.maxAttempt, plan.attemptNr + 1),
        created,
        started: null,
        ended: null,
        failure: undefined,
        cpu: 0,
        maxRss: null,
      });
    }
    if (state !== shape.jobStatus) {
      shape.jobStatus = state;
      if (FINAL.has(state)) shape.ended = new Date(this.modified[i]);
      if (state !== 'failed') shape.failure = undefined;
    }
    shape.modified = new Date(this.modified[i]);
    shape.queue = this.queues[this.queue[i]];
    return shape;
  }

  /** The whole record of job i, with the kill columns and commands laid over it. */
  private build(i: number): JobRecord {
    const record = buildJobRecord(this.generator.shape, this.shapeAt(i));
    const state = this.stateOf(i);
    if (i >= this.jobCount) record.parentID = this.idOf(this.attemptOf[i - this.jobCount]);
    if (this.cause[i] === Cause.TaskKill) {
      record.taskBufferErrorCode = EC_KILL;
      record.taskBufferErrorDiag = `killed since the task was aborted by ${this.abortedBy}`;
    } else if (this.cause[i] === Cause.JobKill) {
      record.commandToPilot = 'tobekilled';
      record.taskBufferErrorCode = EC_KILL;
      record.taskBufferErrorDiag = `killed by ${this.killedBy.get(i) ?? ''}`;
    }
    const command = this.commands.get(i);
    if (command !== undefined) record.commandToPilot = command;
    if (this.priority !== null && !FINAL.has(state)) record.currentPriority = this.priority;
    return record;
  }
}

/** JEDI's file status for the input file of a job in a given state. */
function inputStatusOf(state: string): string {
  if (state === 'finished' || state === 'failed') return state;
  return state === 'cancelled' || state === 'closed' ? 'ready' : 'running';
}
