import { FINAL_JOB_STATES, QUEUED_JOB_STATES } from './job-states.data';
import { refreshDatasetCounts, SeedData } from './seed.data';
import { DatasetContent, DatasetRecord, FileRecord, JobRecord, JobSummary } from './sim-records.types';
import { TaskJobs } from './task-jobs.types';

const EC_KILL = 100;

/** The jobs of a seed task (1001-1050, or one submitted later), held as whole records. */
export class SeedTaskJobs implements TaskJobs {
  private readonly jobs: JobRecord[];
  /** Failed jobs that already have a new attempt. */
  private readonly retried = new Set<number>();

  constructor(
    readonly taskId: number,
    private readonly data: SeedData,
    private readonly byId: Map<number, JobRecord>,
    private readonly managed: boolean,
  ) {
    this.jobs = data.jobs.filter((j) => j.jediTaskID === taskId);
  }

  ids(): number[] {
    return this.jobs.map((j) => j.PandaID);
  }

  summaries(): Iterable<JobSummary> {
    return this.jobs;
  }

  owns(pandaId: number): boolean {
    return this.byId.get(pandaId)?.jediTaskID === this.taskId;
  }

  summary(pandaId: number): JobSummary | undefined {
    return this.record(pandaId);
  }

  record(pandaId: number): JobRecord | undefined {
    const job = this.byId.get(pandaId);
    return job?.jediTaskID === this.taskId ? job : undefined;
  }

  files(pandaId: number): FileRecord[] {
    return this.data.jobFiles.get(pandaId) ?? [];
  }

  outputLfns(pandaId: number): string[] {
    return this.files(pandaId)
      .filter((f) => f.type === 'output')
      .map((f) => String(f.lfn));
  }

  datasets(): DatasetRecord[] {
    return this.data.datasets.get(this.taskId) ?? [];
  }

  contents(datasetId: number): DatasetContent[] {
    return this.data.contents.get(datasetId) ?? [];
  }

  progress(): number | undefined {
    refreshDatasetCounts(this.datasets(), this.data.contents, this.managed ? 1000 : 20000);
    const input = this.datasets().find((d) => d.type === 'input');
    if (!input || Number(input.nFiles) === 0) return undefined;
    return Math.floor((100 * Number(input.nFilesFinished)) / Number(input.nFiles));
  }

  markKilled(pandaId: number, dn: string, at: number): void {
    const job = this.record(pandaId);
    if (!job) return;
    job.commandToPilot = 'tobekilled';
    job.taskBufferErrorCode = EC_KILL;
    job.taskBufferErrorDiag = `killed by ${dn}`;
    job.modificationTime = new Date(at);
  }

  endJob(pandaId: number, status: 'cancelled' | 'finished', at: number): void {
    const job = this.record(pandaId);
    if (!job || FINAL_JOB_STATES.includes(job.jobStatus)) return;
    job.jobStatus = status;
    job.modificationTime = new Date(at);
    job.stateChangeTime = new Date(at);
    job.endTime = new Date(at);
    if (status === 'finished') {
      job.transExitCode = 0;
      job.nEvents = this.managed ? 1000 : 20000;
    }
    for (const content of this.allContents()) {
      if (content.PandaID === job.PandaID && content.status === 'running') {
        content.status = status === 'finished' ? 'finished' : 'ready';
      }
    }
  }

  setCommand(pandaId: number, command: string, at: number): void {
    const job = this.record(pandaId);
    if (!job) return;
    job.commandToPilot = command;
    job.modificationTime = new Date(at);
  }

  setPriority(priority: number): void {
    for (const job of this.jobs)
      if (!FINAL_JOB_STATES.includes(job.jobStatus)) job.currentPriority = priority;
  }

  abortUnfinished(at: number, by: string): void {
    for (const job of this.open()) {
      job.taskBufferErrorCode = EC_KILL;
      job.taskBufferErrorDiag = `killed since the task was aborted by ${by}`;
      this.endJob(job.PandaID, 'cancelled', at);
    }
  }

  finishUnfinished(at: number): void {
    for (const job of this.open()) {
      const queued = QUEUED_JOB_STATES.includes(job.jobStatus) || job.jobStatus === 'sent';
      this.endJob(job.PandaID, queued ? 'cancelled' : 'finished', at);
    }
  }

  retryFailed(now: number, nextPandaId: () => number): void {
    const at = new Date(now);
    const failed = this.jobs.filter((j) => j.jobStatus === 'failed' && !this.retried.has(j.PandaID));
    for (const old of failed) {
      const pandaId = nextPandaId();
      this.retried.add(old.PandaID);
      const job: JobRecord = {
        ...old,
        PandaID: pandaId,
        jobStatus: 'activated',
        attemptNr: old.attemptNr + 1,
        maxAttempt: Math.max(Number(old.maxAttempt), old.attemptNr + 1),
        creationTime: at,
        modificationTime: at,
        stateChangeTime: at,
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
      this.jobs.push(job);
      this.byId.set(pandaId, job);
      this.data.jobFiles.set(
        pandaId,
        this.files(old.PandaID).map((f) => ({ ...f, PandaID: pandaId, attemptNr: job.attemptNr - 1 })),
      );
      for (const content of this.allContents()) {
        if (content.PandaID === old.PandaID && content.status === 'failed') {
          content.status = 'running';
          content.PandaID = pandaId;
        }
      }
    }
  }

  reassignQueued(site: string): void {
    for (const job of this.open()) if (QUEUED_JOB_STATES.includes(job.jobStatus)) job.computingSite = site;
  }

  private open(): JobRecord[] {
    return this.jobs.filter((j) => !FINAL_JOB_STATES.includes(j.jobStatus));
  }

  private allContents(): DatasetContent[] {
    return this.datasets().flatMap((d) => this.contents(d.datasetID));
  }
}
