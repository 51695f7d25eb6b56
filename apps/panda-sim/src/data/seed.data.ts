import { dnFromClaims } from '../auth/panda-identity.util';
import { findSimUser } from '../identity/sim-users.data';
import { SIM_QUEUES, SimQueue } from './sim-sites.data';
import {
  buildJobFiles,
  buildJobRecord,
  logSizeOf,
  JobFailure,
  JobShape,
  ProductionStep,
  TaskShape,
} from './job-record.builder';
import { FINAL_JOB_STATES, QUEUED_JOB_STATES } from './job-states.data';
import {
  completeRecord,
  DATASET_FIELDS,
  DatasetContent,
  DatasetRecord,
  FileRecord,
  JobRecord,
  TASK_FIELDS,
  TaskRecord,
} from './sim-records.types';
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

export const FIRST_TASK_ID = 1001;
export const LAST_TASK_ID = 1050;

interface TaskPlan {
  owner: 'alice' | 'bob' | 'carol';
  status: string;
  /** Analysis (user) task or production (managed) task. */
  kind: 'user' | 'managed';
}

const USER_STATUSES = [
  'running',
  'failed',
  'done',
  'finished',
  'paused',
  'exhausted',
  'broken',
  'scouting',
  'registered',
  'aborted',
];
const BOB_STATUSES = [
  'running',
  'failed',
  'done',
  'defined',
  'ready',
  'finished',
  'pending',
  'throttled',
  'exhausted',
  'aborted',
];
const PRODUCTION_STATUSES = [
  'running',
  'done',
  'running',
  'finished',
  'failed',
  'ready',
  'scouting',
  'running',
  'done',
  'broken',
  'defined',
  'registered',
  'paused',
  'exhausted',
  'running',
  'aborted',
  'done',
  'assigning',
  'finished',
  'pending',
  'running',
  'done',
  'failed',
  'scouted',
  'running',
  'prepared',
  'done',
  'throttled',
  'running',
  'topreprocess',
];

/** Task 1001 is alice's running task; 1001-1010 are alice's, 1011-1020 bob's, 1021-1050 carol's production. */
export function taskPlan(taskId: number): TaskPlan {
  const i = taskId - FIRST_TASK_ID;
  if (i < 10) return { owner: 'alice', status: USER_STATUSES[i], kind: 'user' };
  if (i < 20) return { owner: 'bob', status: BOB_STATUSES[i - 10], kind: 'user' };
  return { owner: 'carol', status: PRODUCTION_STATUSES[i - 20], kind: 'managed' };
}

/** Job states of a task in a given status, oldest job first. */
const JOB_PLANS: Record<string, string[]> = {
  running: [
    'finished',
    'finished',
    'finished',
    'failed',
    'running',
    'running',
    'running',
    'starting',
    'sent',
    'activated',
    'assigned',
    'defined',
    'holding',
    'transferring',
  ],
  scouting: ['finished', 'running', 'starting'],
  scouted: ['finished', 'finished', 'finished'],
  throttled: ['finished', 'finished', 'activated', 'activated'],
  paused: ['finished', 'finished', 'activated', 'activated', 'defined'],
  prepared: ['finished', 'finished', 'finished', 'finished'],
  finished: ['finished', 'finished', 'finished', 'finished', 'finished', 'finished', 'failed', 'failed'],
  done: ['finished', 'finished', 'finished', 'finished', 'finished', 'finished', 'finished', 'finished'],
  failed: ['failed', 'failed', 'finished', 'failed', 'failed', 'failed'],
  exhausted: ['finished', 'failed', 'finished', 'failed', 'failed', 'failed'],
  broken: ['failed', 'failed'],
  aborted: ['finished', 'finished', 'cancelled', 'cancelled', 'closed'],
};

export { FINAL_JOB_STATES, QUEUED_JOB_STATES, RUNNING_JOB_STATES } from './job-states.data';

/** Failure patterns; every failed job carries one, so "why did my task fail?" has an answer. */
export const FAILURES: JobFailure[] = [
  {
    pilotErrorCode: 1305,
    pilotErrorDiag: 'Failed to execute payload:Non-zero return code from athena (65)',
    exeErrorCode: 65,
    exeErrorDiag:
      "Non-zero return code from athena (65); ERROR: cannot find container 'AnalysisElectrons' in input",
    transExitCode: 65,
  },
  {
    pilotErrorCode: 1099,
    pilotErrorDiag: 'Failed to stage-in file: rucio download failed: checksum mismatch for input file',
    exeErrorCode: 0,
    exeErrorDiag: '',
    transExitCode: 0,
    ddmErrorCode: 200,
    ddmErrorDiag: 'Could not download input file: adler32 checksum mismatch',
  },
  {
    pilotErrorCode: 1235,
    pilotErrorDiag: 'Payload exceeded memory limit: maxPSS 4210 MB > 2000 MB per core',
    exeErrorCode: 137,
    exeErrorDiag: 'Killed by signal 9 (SIGKILL): out of memory',
    transExitCode: 137,
  },
  {
    pilotErrorCode: 1150,
    pilotErrorDiag: 'Looping job killed by pilot: no output file was updated for 7200 s',
    exeErrorCode: 0,
    exeErrorDiag: '',
    transExitCode: 0,
  },
  {
    pilotErrorCode: 1137,
    pilotErrorDiag: 'Failed to stage-out file: transfer to SCRATCHDISK timed out after 3600 s',
    exeErrorCode: 0,
    exeErrorDiag: '',
    transExitCode: 0,
    ddmErrorCode: 201,
    ddmErrorDiag: 'Output file transfer failed: connection timed out',
  },
  {
    pilotErrorCode: 1305,
    pilotErrorDiag: 'Failed to execute payload:Athena core dump',
    exeErrorCode: 8,
    exeErrorDiag: 'Athena core dump: segmentation violation in algorithm JetCalibTool',
    transExitCode: 68,
  },
];

const TASK_ERROR_DIALOGS: Record<string, string> = {
  failed:
    'Task failed since too many jobs failed: most jobs ended with transExitCode=65 (Non-zero return code from athena)',
  broken: 'Task broken since all scout jobs failed. The first scout failed with: Failed to stage-in file',
  exhausted: 'Task exhausted: 4 input files reached the maximum number of attempts (maxAttempt)',
  aborted: 'Task aborted on request of the task owner',
  finished: 'Task finished with 2 input files failed; retry the task to process them',
};

export const PRODUCTION_STEPS: ProductionStep[] = [
  { processingType: 'simul', step: 'simul', out: 'HITS', inType: 'EVNT', tag: 'e8514_s4162' },
  { processingType: 'evgen', step: 'evgen', out: 'EVNT', inType: 'TXT', tag: 'e8514' },
  { processingType: 'pile', step: 'recon', out: 'AOD', inType: 'HITS', tag: 'e8514_s4162_r14622' },
  {
    processingType: 'deriv',
    step: 'deriv',
    out: 'DAOD_PHYS',
    inType: 'AOD',
    tag: 'e8514_s4162_r14622_p6026',
  },
];
const PHYSICS = [
  { dsid: 601229, name: 'PhPy8EG_A14_ttbar_hdamp258p75_SingleLep' },
  { dsid: 700320, name: 'Sh_2211_Zee_maxHTpTV2_BFilter' },
  { dsid: 801165, name: 'Py8EG_A14NNPDF23LO_jj_JZ0' },
  { dsid: 512345, name: 'MGPy8EG_A14N23LO_SlepSlep_direct_300p0_1p0' },
];

/** PandaIDs of a task's seed jobs: 6500000000 + (task - 1000) * 100 + n. */
export function seedPandaId(taskId: number, n: number): number {
  return 6_500_000_000 + (taskId - 1000) * 100 + n;
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

  // datasets: input, output, log
  const datasetId = (k: number) => taskId * 100 + k;
  const datasets: DatasetRecord[] = [
    { type: 'input', name: inputDataset, streamName: 'IN' },
    { type: 'output', name: outputDataset, streamName: managed ? `OUTPUT0` : 'OUTPUT0' },
    { type: 'log', name: logDataset, streamName: 'LOG' },
  ].map((d, k) =>
    completeRecord(DATASET_FIELDS, {
      jediTaskID: taskId,
      datasetID: datasetId(k + 1),
      datasetName: d.name,
      containerName: managed ? d.name.replace(/_tid\d+_00$/, '') + '/' : `${d.name}/`,
      type: d.type,
      creationTime: creationDate,
      modificationTime,
      vo: 'atlas',
      cloud: homeQueue.cloud,
      site: managed ? null : homeQueue.queue,
      masterID: null,
      provenanceID: null,
      status: active ? (d.type === 'input' ? 'ready' : 'defined') : 'done',
      state: d.type === 'input' ? 'closed' : null,
      streamName: d.streamName,
      storageToken: d.type === 'input' ? null : `dst:${homeQueue.ddmEndpoint}`,
      destination: d.type === 'input' ? null : homeQueue.ddmEndpoint,
      nFiles: 0,
      nFilesToBeUsed: 0,
      nFilesUsed: 0,
      nFilesFinished: 0,
      nFilesFailed: 0,
      nFilesOnHold: 0,
      nFilesWaiting: 0,
      nFilesMissing: 0,
      nEvents: 0,
      nEventsToBeUsed: 0,
      nEventsUsed: 0,
      attributes: null,
    }),
  );
  data.datasets.set(taskId, datasets);
  const inputContents: DatasetContent[] = [];
  const outputContents: DatasetContent[] = [];
  const logContents: DatasetContent[] = [];

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
  const task = completeRecord(TASK_FIELDS, {
    jediTaskID: taskId,
    taskName,
    status: plan.status,
    userName: user.name,
    creationDate,
    modificationTime,
    startTime,
    endTime,
    frozenTime: active ? null : endTime,
    prodSourceLabel: managed ? 'managed' : 'user',
    workingGroup: managed ? 'AP_MCGN' : null,
    vo: 'atlas',
    coreCount,
    taskType: managed ? 'prod' : 'anal',
    processingType: managed ? step.processingType : 'panda-client-1.5.90-jedi-run',
    taskPriority: managed ? 900 : 1000,
    currentPriority: managed ? 900 : 1000,
    architecture,
    transUses: managed ? 'Atlas-24.0.41' : 'Atlas-24.2.35',
    transHome: release,
    transPath: managed
      ? `${step.step === 'simul' ? 'Sim' : 'Reco'}_tf.py`
      : 'http://pandaserver.cern.ch:25080/trf/user/runGen-00-00-02',
    lockedBy: null,
    lockedTime: null,
    termCondition: null,
    splitRule: managed ? 'NE=1000,MF=5,SO=1,TI=1' : 'NF=1,MF=3,SO=1,UA=1',
    walltime: managed ? 24 : 3,
    walltimeUnit: managed ? 'hrs' : 'hrs',
    outDiskCount: managed ? 2000 : 500,
    outDiskUnit: 'kB',
    workDiskCount: managed ? 20000 : 5000,
    workDiskUnit: 'MB',
    ramCount: managed ? 2000 : 2000,
    ramUnit: 'MBPerCore',
    ioIntensity: managed ? 500 : 2000,
    ioIntensityUnit: 'kBPerS',
    workQueue_ID: managed ? 15 : 4,
    progress: nInput ? Math.floor((100 * finished) / nInput) : 0,
    failureRate: jobStates.length ? Math.floor((100 * failed) / jobStates.length) : 0,
    errorDialog: TASK_ERROR_DIALOGS[plan.status] ?? null,
    reqID: managed ? 40000 + index : null,
    oldStatus: plan.status === 'paused' ? 'running' : plan.status === 'throttled' ? 'running' : null,
    cloud: managed ? 'WORLD' : homeQueue.cloud,
    site: managed ? null : homeQueue.queue,
    countryGroup: null,
    parent_tid: managed && index % 4 === 3 ? taskId - 1 : taskId,
    eventService: 0,
    ticketID: null,
    ticketSystemType: null,
    stateChangeTime: modificationTime,
    superStatus: superStatusOf(plan.status),
    campaign: managed ? 'MC23:MC23a' : null,
    mergeRamCount: null,
    mergeRamUnit: null,
    mergeWalltime: null,
    mergeWalltimeUnit: null,
    throttledTime: plan.status === 'throttled' ? modificationTime : null,
    numThrottled: plan.status === 'throttled' ? 1 : 0,
    mergeCoreCount: null,
    goal: managed ? 900 : null,
    assessmentTime: null,
    cpuTime: managed ? 240 : null,
    cpuTimeUnit: managed ? 'HS06sPerEvent' : null,
    cpuEfficiency: 90,
    baseWalltime: 600,
    nucleus: managed ? 'CERN-PROD' : null,
    baseRamCount: managed ? 0 : 0,
    ttcRequested: null,
    ttcPredicted: null,
    ttcPredictionDate: null,
    rescueTime: null,
    requestType: managed ? 'MC' : null,
    gshare: managed
      ? step.processingType === 'evgen'
        ? 'MC 16 evgen'
        : 'MC Simulation Full'
      : 'User Analysis',
    resource_type: managed ? 'MCORE' : 'SCORE',
    useJumbo: null,
    diskIO: null,
    diskIOUnit: null,
    memory_leak_core: null,
    memory_leak_x2: null,
    attemptNr: 1,
    container_name: null,
    framework: null,
    activatedTime: startTime,
    queuedTime: startTime,
    actionTime: null,
  }) as TaskRecord;
  data.tasks.push(task);

  data.taskParams.set(taskId, {
    taskName,
    userName: user.name,
    vo: 'atlas',
    prodSourceLabel: task.prodSourceLabel,
    taskType: task.taskType,
    processingType: task.processingType,
    taskPriority: task.taskPriority,
    architecture,
    transUses: task.transUses,
    transHome: release,
    transPath: task.transPath,
    coreCount,
    ramCount: task.ramCount,
    ramUnit: task.ramUnit,
    walltime: task.walltime,
    walltimeUnit: task.walltimeUnit,
    nFilesPerJob: managed ? undefined : 1,
    nEventsPerJob: managed ? eventsPerFile : undefined,
    maxAttempt: managed ? 5 : 3,
    cloud: task.cloud,
    site: task.site,
    campaign: task.campaign,
    ...(managed
      ? { reqID: task.reqID, workingGroup: 'AP_MCGN' }
      : {
          cliParams: `prun --exec "python analysis.py %IN" --inDS ${inputDataset} --outDS ${outputDataset.split(':')[1]}/`,
        }),
    jobParameters: [
      managed
        ? { type: 'constant', value: `--maxEvents=${eventsPerFile}` }
        : { type: 'constant', value: '-j "" --sourceURL https://aipanda048.cern.ch:25443' },
      {
        type: 'template',
        param_type: 'input',
        value: '-i "${IN/T}"',
        dataset: inputDataset,
        exclude: '\\.log\\.tgz(\\.\\d+)*$',
      },
      {
        type: 'template',
        param_type: 'output',
        value: managed
          ? `--output${step.out}File=${step.out}.\${JEDITASKID}._\${SN/P}.pool.root`
          : 'output.root',
        dataset: outputDataset,
      },
    ],
    log: {
      type: 'template',
      param_type: 'log',
      dataset: logDataset,
      value: managed
        ? 'log.${JEDITASKID}._${SN}.job.log.tgz'
        : `user.${user.username}.\${JEDITASKID}._\${SN}.log.tgz`,
    },
  });
}

/** The task's summarised state, as JEDI reports it in superStatus. */
function superStatusOf(status: string): string {
  if (['registered', 'defined', 'assigning', 'ready', 'pending', 'topreprocess', 'scouted'].includes(status))
    return 'submitting';
  if (['scouting', 'throttled', 'prepared'].includes(status)) return 'running';
  return status;
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
