import { dnFromClaims } from '../auth/panda-identity.util';
import { findSimUser } from '../identity/sim-users.data';
import { SIM_QUEUES, SimQueue } from './sim-sites.data';
import { buildJobFiles, buildJobRecord, logSizeOf, JobShape, TaskShape } from './job-record.builder';
import { FINAL_JOB_STATES, QUEUED_JOB_STATES } from './job-states.data';
import { FAILURES } from './seed-failures.data';
import {
  FIRST_TASK_ID,
  JOB_PLANS,
  LAST_TASK_ID,
  PHYSICS,
  PRODUCTION_STEPS,
  seedPandaId,
  taskPlan,
} from './seed-plan.data';
import { SeedTaskFacts, seedDatasets, seedTaskParams, seedTaskRecord } from './seed-task.records';
import { DatasetContent, DatasetRecord, FileRecord, JobRecord, TaskRecord } from './sim-records.types';
import { DAY, HOUR, MINUTE, pad, seededRandom } from './sim-values.util';

/**
 * The sim's initial world, built the same way every time: tasks 1001-1050 across the task life
 * cycle, their jobs, datasets and files. Only timestamps move (relative to the start time), so
 * "modified in the last hour" questions have answers.
 */
export interface SeedData {
  tasks: TaskRecord[];
  taskParams: Map<number, Record<string, unknown>>;
  jobs: JobRecord[];
  /** FileSpec rows by PandaID. */
  jobFiles: Map<number, FileRecord[]>;
  /** JEDI datasets by jediTaskID. */
  datasets: Map<number, DatasetRecord[]>;
  /** JEDI dataset contents by datasetID. */
  contents: Map<number, DatasetContent[]>;
}

export function buildSeedData(now: Date): SeedData {
  const random = seededRandom(20241127);
  const data: SeedData = {
    tasks: [],
    taskParams: new Map(),
    jobs: [],
    jobFiles: new Map(),
    datasets: new Map(),
    contents: new Map(),
  };
  const t0 = now.getTime();
  for (let taskId = FIRST_TASK_ID; taskId <= LAST_TASK_ID; taskId++) {
    buildTask(data, taskId, t0, random);
  }
  return data;
}

/**
 * One seed task: its jobs, files and dataset contents here; what the task is comes from
 * seed-plan.data.ts, its task, parameter and dataset rows from seed-task.records.ts.
 */
function buildTask(data: SeedData, taskId: number, t0: number, random: () => number): void {
  const plan = taskPlan(taskId);
  const user = findSimUser(plan.owner);
  if (!user) throw new Error(`panda-sim: seed user ${plan.owner} missing`);
  const index = taskId - FIRST_TASK_ID;
  const physics = PHYSICS[index % PHYSICS.length];
  const step = PRODUCTION_STEPS[index % PRODUCTION_STEPS.length];
  const managed = plan.kind === 'managed';
  const queues = SIM_QUEUES.filter((q) => q.type === (managed ? 'production' : 'analysis'));
  const homeQueue = queues[index % queues.length];
  const ownerDn = dnFromClaims({ name: user.name, preferred_username: user.username });
  const active = !['done', 'finished', 'failed', 'broken', 'aborted', 'exhausted', 'prepared'].includes(
    plan.status,
  );

  const creationDate = new Date(t0 - ((index % 9) + 1) * DAY - (index % 7) * HOUR);
  const modificationTime = new Date(
    active ? t0 - ((index % 5) + 1) * MINUTE : t0 - ((index % 9) + 1) * 6 * HOUR,
  );
  const startTime = ['registered', 'defined', 'assigning', 'pending', 'topreprocess'].includes(plan.status)
    ? null
    : new Date(creationDate.getTime() + 20 * MINUTE);
  const endTime = active ? null : modificationTime;

  const scope = managed ? 'mc23_13p6TeV' : `user.${user.username}`;
  const taskName = managed
    ? `mc23_13p6TeV.${physics.dsid}.${physics.name}.${step.step}.${step.tag}`
    : `user.${user.username}.${physics.dsid}.${physics.name.split('_')[0]}_analysis.v${(index % 3) + 1}/`;
  const inputDataset = managed
    ? `mc23_13p6TeV:mc23_13p6TeV.${physics.dsid}.${physics.name}.${step.inType === 'TXT' ? 'evgen' : 'simul'}.${step.inType}.${step.tag.split('_')[0]}_tid${30000000 + index * 17}_00`
    : `mc23_13p6TeV:mc23_13p6TeV.${physics.dsid}.${physics.name}.deriv.DAOD_PHYS.e8514_s4162_r14622_p6026_tid${37865929 + index}_00`;
  const outputDataset = managed
    ? `mc23_13p6TeV:mc23_13p6TeV.${physics.dsid}.${physics.name}.${step.step}.${step.out}.${step.tag}_tid${taskId}_00`
    : `user.${user.username}:user.${user.username}.${taskId}.${physics.name.split('_')[0]}_analysis._output.root`;
  const logDataset = managed
    ? `mc23_13p6TeV:mc23_13p6TeV.${physics.dsid}.${physics.name}.${step.step}.log.${step.tag}_tid${taskId}_00`
    : `user.${user.username}:user.${user.username}.${taskId}.log`;

  const release = managed ? 'Athena/24.0.41' : 'AnalysisBase/24.2.35';
  const architecture = 'x86_64-el9-gcc13-opt';
  const coreCount = managed ? 8 : 1;
  const jobStates = JOB_PLANS[plan.status] ?? [];

  const datasetId = (k: number) => taskId * 100 + k;
  const eventsPerFile = managed ? 1000 : 20000;
  const taskShape: TaskShape = {
    taskId,
    index,
    user,
    ownerDn,
    managed,
    step,
    taskName,
    scope,
    inputDataset,
    outputDataset,
    logDataset,
    release,
    architecture,
    eventsPerFile,
    inputLfn: (n) =>
      managed
        ? `${step.inType}.${30000000 + index * 17}._${pad(n, 6)}.pool.root.1`
        : `DAOD_PHYS.${37865929 + index}._${pad(n, 6)}.pool.root.1`,
    outputLfn: (n) =>
      managed
        ? `${step.out}.${taskId}._${pad(n, 6)}.pool.root.1`
        : `user.${user.username}.${taskId}._${pad(n, 6)}.output.root`,
    logLfn: (n) =>
      managed
        ? `log.${taskId}._${pad(n, 6)}.job.log.tgz.1`
        : `user.${user.username}.${taskId}._${pad(n, 6)}.log.tgz`,
    fileId: (k, n) => datasetId(k) * 1000 + n,
    datasetId,
  };
  const facts: SeedTaskFacts = {
    plan,
    shape: taskShape,
    homeQueue,
    active,
    creationDate,
    modificationTime,
    startTime,
    endTime,
    coreCount,
    jobStates,
  };

  // datasets: input, output, log
  const datasets = seedDatasets(facts);
  data.datasets.set(taskId, datasets);
  const inputContents: DatasetContent[] = [];
  const outputContents: DatasetContent[] = [];
  const logContents: DatasetContent[] = [];
  let finished = 0;
  let failed = 0;
  const jobs: JobRecord[] = [];
  jobStates.forEach((jobStatus, j) => {
    const n = j + 1;
    const pandaId = seedPandaId(taskId, n);
    const queue: SimQueue = queues[(index + j) % queues.length];
    const created = new Date(creationDate.getTime() + 30 * MINUTE + j * 7 * MINUTE);
    const started =
      QUEUED_JOB_STATES.includes(jobStatus) || jobStatus === 'sent'
        ? null
        : new Date(created.getTime() + 40 * MINUTE);
    const isFinal = FINAL_JOB_STATES.includes(jobStatus);
    // alice's running task 1001 ended its first jobs minutes ago, so job get_status (which looks
    // back one hour for ended jobs) still answers for them
    const endAt = taskId === 1001 ? t0 - (j + 1) * 5 * MINUTE : (started ?? created).getTime() + 3 * HOUR;
    const ended = isFinal ? new Date(Math.min(endAt, t0 - MINUTE)) : null;
    const modified = ended ?? new Date(t0 - ((j % 9) + 1) * MINUTE);
    const failure =
      jobStatus === 'failed' ? FAILURES[taskId === 1002 ? 0 : (index + j) % FAILURES.length] : undefined;
    const maxAttempt = managed ? 5 : 3;
    const attemptNr =
      plan.status === 'exhausted' && jobStatus === 'failed' ? maxAttempt : jobStatus === 'failed' ? 2 : 1;
    const inputLfn = taskShape.inputLfn(n);
    const outputLfn = taskShape.outputLfn(n);
    const logLfn = taskShape.logLfn(n);
    const inSize = Math.round(1.5e9 + random() * 1.5e9);
    const outSize = Math.round(inSize * (managed ? 0.6 : 0.02));
    const cpu = started ? Math.round(3600 + random() * 20000) : 0;
    const maxRss = started ? Math.round((managed ? 9e6 : 1.2e6) + random() * 1e6) : null;
    const shape: JobShape = {
      n,
      j,
      pandaId,
      queue,
      jobStatus,
      created,
      started,
      ended,
      modified,
      failure,
      attemptNr,
      maxAttempt,
      inSize,
      outSize,
      cpu,
      maxRss,
    };
    const job = buildJobRecord(taskShape, shape);
    jobs.push(job);

    const fileStatusIn =
      jobStatus === 'finished' ? 'finished' : jobStatus === 'failed' ? 'failed' : 'running';
    inputContents.push({
      lfn: inputLfn,
      scope: 'mc23_13p6TeV',
      fileID: datasetId(1) * 1000 + n,
      status: fileStatusIn,
      fsize: inSize,
      PandaID: pandaId,
    });
    if (jobStatus === 'finished') {
      finished++;
      outputContents.push({
        lfn: outputLfn,
        scope,
        fileID: datasetId(2) * 1000 + n,
        status: 'finished',
        fsize: outSize,
        PandaID: pandaId,
      });
    }
    if (jobStatus === 'failed') failed++;
    if (isFinal) {
      logContents.push({
        lfn: logLfn,
        scope,
        fileID: datasetId(3) * 1000 + n,
        status: 'finished',
        fsize: logSizeOf(n),
        PandaID: pandaId,
      });
    }
    data.jobFiles.set(pandaId, buildJobFiles(taskShape, shape));
  });
  // input files no job has picked up yet
  const notStarted = ['defined', 'ready', 'pending', 'assigning'].includes(plan.status);
  const unprocessed = notStarted ? 10 : active && plan.status !== 'registered' ? 4 : 0;
  const totalInput = jobStates.length + unprocessed;
  for (let n = jobStates.length + 1; n <= totalInput; n++) {
    inputContents.push({
      lfn: taskShape.inputLfn(n),
      scope: 'mc23_13p6TeV',
      fileID: datasetId(1) * 1000 + n,
      status: 'ready',
      fsize: Math.round(1.5e9 + random() * 1.5e9),
      PandaID: null,
    });
  }
  data.contents.set(datasetId(1), inputContents);
  data.contents.set(datasetId(2), outputContents);
  data.contents.set(datasetId(3), logContents);
  refreshDatasetCounts(datasets, data.contents, eventsPerFile);
  data.jobs.push(...jobs);

  const nInput = inputContents.length;
  const task = seedTaskRecord(facts, { nInput, finished, failed });
  data.tasks.push(task);

  data.taskParams.set(taskId, seedTaskParams(facts, task));
}

/** Recomputes nFiles* and nEvents* of datasets from their contents. */
export function refreshDatasetCounts(
  datasets: DatasetRecord[],
  contents: Map<number, DatasetContent[]>,
  eventsPerFile: number,
): void {
  for (const dataset of datasets) {
    const files = contents.get(dataset.datasetID) ?? [];
    const count = (status: string) => files.filter((f) => f.status === status).length;
    dataset.nFiles = files.length;
    dataset.nFilesFinished = count('finished');
    dataset.nFilesFailed = count('failed');
    dataset.nFilesUsed = files.length - count('ready');
    dataset.nFilesToBeUsed = files.length;
    dataset.nFilesOnHold = 0;
    dataset.nFilesWaiting = count('ready');
    if (dataset.type === 'input') {
      dataset.nEvents = files.length * eventsPerFile;
      dataset.nEventsToBeUsed = files.length * eventsPerFile;
      dataset.nEventsUsed = (dataset.nFilesUsed as number) * eventsPerFile;
    }
  }
}
