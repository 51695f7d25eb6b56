import { TaskShape } from './job-record.builder';
import { TASK_ERROR_DIALOGS } from './seed-failures.data';
import { TaskPlan } from './seed-plan.data';
import { SimQueue } from './sim-sites.data';
import { completeRecord, DATASET_FIELDS, DatasetRecord, TASK_FIELDS, TaskRecord } from './sim-records.types';

/**
 * The dataset, task and parameter records of a seed task, made from what buildTask has worked out
 * about it: its plan, its task-level values (the TaskShape its jobs share), home queue and dates.
 */
export interface SeedTaskFacts {
  plan: TaskPlan;
  shape: TaskShape;
  homeQueue: SimQueue;
  /** Not (yet) in a final status. */
  active: boolean;
  creationDate: Date;
  modificationTime: Date;
  startTime: Date | null;
  endTime: Date | null;
  coreCount: number;
  /** The task's job states, oldest job first. */
  jobStates: string[];
}

/** What the task's jobs and input files came to; progress and failureRate are computed from it. */
export interface SeedJobCounts {
  /** Input files, picked up by a job or not. */
  nInput: number;
  finished: number;
  failed: number;
}

/** The task's input, output and log datasets; their file counts are filled in from the contents later. */
export function seedDatasets(facts: SeedTaskFacts): DatasetRecord[] {
  const { homeQueue, active, creationDate, modificationTime } = facts;
  const { taskId, managed, inputDataset, outputDataset, logDataset, datasetId } = facts.shape;
  return [
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
}

/** The task's JediTaskSpec row. */
export function seedTaskRecord(
  facts: SeedTaskFacts,
  { nInput, finished, failed }: SeedJobCounts,
): TaskRecord {
  const {
    plan,
    homeQueue,
    active,
    creationDate,
    modificationTime,
    startTime,
    endTime,
    coreCount,
    jobStates,
  } = facts;
  const { taskId, index, user, managed, step, taskName, release, architecture } = facts.shape;
  return completeRecord(TASK_FIELDS, {
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
}

/** The task parameters the task was submitted with (what get_task_params answers). */
export function seedTaskParams(facts: SeedTaskFacts, task: TaskRecord): Record<string, unknown> {
  const { coreCount } = facts;
  const { user, managed, step, taskName, release, architecture, eventsPerFile } = facts.shape;
  const { inputDataset, outputDataset, logDataset } = facts.shape;
  return {
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
  };
}

/** The task's summarised state, as JEDI reports it in superStatus. */
function superStatusOf(status: string): string {
  if (['registered', 'defined', 'assigning', 'ready', 'pending', 'topreprocess', 'scouted'].includes(status))
    return 'submitting';
  if (['scouting', 'throttled', 'prepared'].includes(status)) return 'running';
  return status;
}
