import { LargeTaskJobs } from './large-task.jobs';
import { LargeTaskGenerator } from './large-task.generator';
import { DatasetRecord, TaskRecord } from './sim-records.types';
import { MINUTE } from './sim-values.util';

/**
 * The task, parameter and dataset records of a large task. They start as copies of alice's
 * running task 1001 (same owner, labels and settings), with the large task's names and dates.
 */
export interface LargeTaskTemplate {
  task: TaskRecord;
  params: Record<string, unknown>;
  datasets: DatasetRecord[];
}

/** Replaces the template task's names by the large task's, anywhere in a JSON-like value. */
function renamed(value: unknown, names: [string, string][]): unknown {
  let text = JSON.stringify(value);
  for (const [from, to] of names) text = text.split(from).join(to);
  return JSON.parse(text) as unknown;
}

function namePairs(template: LargeTaskTemplate, generator: LargeTaskGenerator): [string, string][] {
  const nameOf = (type: string) => template.datasets.find((d) => d.type === type)?.datasetName ?? '';
  const shape = generator.shape;
  const strip = (ds: string) => ds.split(':')[1] ?? ds;
  return [
    [template.task.taskName as string, shape.taskName],
    [nameOf('input'), shape.inputDataset],
    [strip(nameOf('output')), strip(shape.outputDataset)],
    [strip(nameOf('log')), strip(shape.logDataset)],
  ];
}

export function largeDatasets(template: LargeTaskTemplate, generator: LargeTaskGenerator): DatasetRecord[] {
  const created = new Date(generator.createdAt);
  const names: Record<string, string> = {
    input: generator.shape.inputDataset,
    output: generator.shape.outputDataset,
    log: generator.shape.logDataset,
  };
  return template.datasets.map((d, k) => ({
    ...d,
    jediTaskID: generator.plan.taskId,
    datasetID: generator.shape.datasetId(k + 1),
    datasetName: names[d.type],
    containerName: `${names[d.type]}/`,
    creationTime: created,
    // several queues serve the task, so its datasets have no single site
    site: null,
    cloud: null,
  }));
}

export function largeTaskRecord(
  template: LargeTaskTemplate,
  generator: LargeTaskGenerator,
  jobs: LargeTaskJobs,
  t0: number,
): TaskRecord {
  const created = new Date(generator.createdAt);
  const started = new Date(generator.createdAt + 20 * MINUTE);
  const modified = new Date(t0 - 2 * MINUTE);
  return {
    ...template.task,
    jediTaskID: generator.plan.taskId,
    taskName: generator.shape.taskName,
    status: 'running',
    creationDate: created,
    startTime: started,
    modificationTime: modified,
    stateChangeTime: started,
    activatedTime: started,
    queuedTime: started,
    endTime: null,
    frozenTime: null,
    site: null,
    cloud: null,
    oldStatus: null,
    errorDialog: null,
    parent_tid: generator.plan.taskId,
    progress: jobs.progress(),
    failureRate: jobs.failureRate(),
    superStatus: 'running',
  };
}

export function largeTaskParams(
  template: LargeTaskTemplate,
  generator: LargeTaskGenerator,
): Record<string, unknown> {
  return { ...(renamed(template.params, namePairs(template, generator)) as object), site: null, cloud: null };
}
