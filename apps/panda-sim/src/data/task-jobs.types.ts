import { DatasetContent, DatasetRecord, FileRecord, JobRecord, JobSummary } from './sim-records.types';

/**
 * The jobs, files and datasets of one task, whether they are held as records (the seed tasks) or
 * generated on demand (the large tasks). The store reads and changes jobs only through this, so a
 * command behaves the same on a 14-job task and a 100,000-job one.
 */
export interface TaskJobs {
  readonly taskId: number;
  /** PandaIDs in PandaID order. */
  ids(): number[];
  /** Cheap views of every job, for counting; a seed task hands out its records. */
  summaries(): Iterable<JobSummary>;
  owns(pandaId: number): boolean;
  summary(pandaId: number): JobSummary | undefined;
  record(pandaId: number): JobRecord | undefined;
  files(pandaId: number): FileRecord[];
  /** LFNs of a job's output files, without building its rows. */
  outputLfns(pandaId: number): string[];
  datasets(): DatasetRecord[];
  contents(datasetId: number): Iterable<DatasetContent>;
  /** Refreshes the datasets' file counts; the task's progress (% of input files finished). */
  progress(): number | undefined;

  /** A kill request has reached the job: commandToPilot and the kill diagnostic are set. */
  markKilled(pandaId: number, dn: string, at: number): void;
  /** The job reaches a final state (a kill completing, a task command). */
  endJob(pandaId: number, status: 'cancelled' | 'finished', at: number): void;
  setCommand(pandaId: number, command: string, at: number): void;
  setPriority(priority: number): void;
  /** Task kill completes: unfinished jobs are cancelled. */
  abortUnfinished(at: number, by: string): void;
  /** Task finish completes: queued jobs are cancelled, running ones finish. */
  finishUnfinished(at: number): void;
  /** New attempts of the failed jobs that have none yet; the old attempts stay failed. */
  retryFailed(now: number, nextPandaId: () => number): void;
  /** Task reassign completes: queued jobs move to the new site. */
  reassignQueued(site: string): void;
}
