import { FINAL_JOB_STATES } from './job-states.data';
import { SimQueue } from './sim-sites.data';
import { completeRecord, FILE_FIELDS, FileRecord, JOB_FIELDS, JobRecord } from './sim-records.types';
import { checksumOf, guidOf, pad } from './sim-values.util';
import type { SimUser } from '../identity/sim-users.data';

/**
 * JobSpec and FileSpec rows from a task's shape and a job's plan. The seed (tasks 1001-1050) and the
 * large-task generator (5000-5002) both build their jobs here, so every job has the same columns.
 */

/** What a failed job carries in its error columns. */
export interface JobFailure {
  pilotErrorCode: number;
  pilotErrorDiag: string;
  exeErrorCode: number;
  exeErrorDiag: string;
  transExitCode: number;
  ddmErrorCode?: number;
  ddmErrorDiag?: string;
  supErrorCode?: number;
  supErrorDiag?: string;
  jobDispatcherErrorCode?: number;
  jobDispatcherErrorDiag?: string;
}

export interface ProductionStep {
  processingType: string;
  step: string;
  out: string;
  inType: string;
  tag: string;
}

/** The task-level values every job of a task shares. */
export interface TaskShape {
  taskId: number;
  /** Position of the task in the seed (task - 1001); feeds a few serial numbers. */
  index: number;
  user: SimUser;
  ownerDn: string;
  managed: boolean;
  step: ProductionStep;
  taskName: string;
  scope: string;
  inputDataset: string;
  outputDataset: string;
  logDataset: string;
  release: string;
  architecture: string;
  eventsPerFile: number;
  inputLfn(n: number): string;
  outputLfn(n: number): string;
  logLfn(n: number): string;
  /** JEDI fileID of the n-th file of the task's dataset k (1 input, 2 output, 3 log). */
  fileId(k: number, n: number): number;
  datasetId(k: number): number;
}

/** One job: its serial number n (file number), position j, and what happened to it. */
export interface JobShape {
  n: number;
  j: number;
  pandaId: number;
  queue: SimQueue;
  jobStatus: string;
  created: Date;
  started: Date | null;
  ended: Date | null;
  modified: Date;
  failure?: JobFailure;
  attemptNr: number;
  maxAttempt: number;
  inSize: number;
  outSize: number;
  cpu: number;
  maxRss: number | null;
  /** Overrides the default priority (the seed lowers it job by job). */
  currentPriority?: number;
  /** Overrides the worker node name. */
  host?: string;
}

/** The batch system's id of a job's pilot. */
export function batchIdOf(index: number, j: number): string {
  return `${1000000 + index * 1000 + j}.0`;
}

/** Size of a job's log tarball. */
export function logSizeOf(n: number): number {
  return 250_000 + (n % 1000) * 1000;
}

/** The _sub dataset a job's outputs are registered in before they join the output dataset. */
function subDatasetOf(t: TaskShape, j: number): string {
  return `${t.outputDataset.split(':')[1]}_sub${pad(t.taskId * 7 + j, 10)}`;
}

/** The worker node a job ran on, as the pilot reports it in modificationHost. */
export function workerNodeOf(queue: SimQueue, j: number): string {
  return `wn${pad((j * 37) % 1000, 3)}.${queue.site.toLowerCase()}.example`;
}

export function buildJobRecord(t: TaskShape, p: JobShape): JobRecord {
  const { taskId, index, user, ownerDn, managed, step, taskName, inputDataset } = t;
  const { release, architecture, eventsPerFile } = t;
  const { j, n, pandaId, queue, jobStatus, created, started, ended, modified, failure } = p;
  const { attemptNr, maxAttempt, inSize, outSize, cpu, maxRss } = p;
  const inputLfn = t.inputLfn(n);
  const outputLfn = t.outputLfn(n);
  const killed = jobStatus === 'cancelled' || jobStatus === 'closed';
  return completeRecord(JOB_FIELDS, {
    PandaID: pandaId,
    jobDefinitionID: (taskId % 1000) * 10 + 1,
    schedulerID: started ? `harvester-${queue.harvesterId}` : null,
    pilotID: started ? `https://${queue.computingElement}/job/${pandaId}.out|PR|3.9.2.41` : null,
    creationTime: created,
    creationHost: 'aipanda181.cern.ch',
    modificationTime: modified,
    modificationHost: started ? (p.host ?? workerNodeOf(queue, j)) : 'aipanda181.cern.ch',
    AtlasRelease: managed ? 'Atlas-24.0.41' : 'Atlas-24.2.35',
    transformation: managed
      ? `${step.step === 'simul' ? 'Sim' : step.step === 'evgen' ? 'Gen' : 'Reco'}_tf.py`
      : 'http://pandaserver.cern.ch:25080/trf/user/runGen-00-00-02',
    homepackage: release,
    prodSeriesLabel: 'pandatest',
    prodSourceLabel: managed ? 'managed' : 'user',
    prodUserID: ownerDn,
    assignedPriority: managed ? 900 : 1000,
    currentPriority: p.currentPriority ?? (managed ? 900 : 1000 - j * 10),
    attemptNr,
    maxAttempt,
    jobStatus,
    jobName: managed ? `${taskName}.${taskId}._${pad(n, 6)}` : `${taskName.replace(/\/$/, '')}$`,
    maxCpuCount: managed ? 36000 : 0,
    maxCpuUnit: 'HS06sPerEvent',
    maxDiskCount: managed ? 20000 : 5000,
    maxDiskUnit: 'MB',
    ipConnectivity: 'IPv4',
    minRamCount: managed ? 16000 : 2000,
    minRamUnit: 'MB',
    startTime: started,
    endTime: ended,
    cpuConsumptionTime: cpu,
    cpuConsumptionUnit: 's',
    commandToPilot: killed ? 'tobekilled' : null,
    transExitCode: failure ? failure.transExitCode : jobStatus === 'finished' ? 0 : null,
    pilotErrorCode: failure ? failure.pilotErrorCode : 0,
    pilotErrorDiag: failure ? failure.pilotErrorDiag : null,
    exeErrorCode: failure ? failure.exeErrorCode : 0,
    exeErrorDiag: failure ? failure.exeErrorDiag : null,
    supErrorCode: failure?.supErrorCode ?? 0,
    supErrorDiag: failure?.supErrorDiag ?? null,
    ddmErrorCode: failure?.ddmErrorCode ?? 0,
    ddmErrorDiag: failure?.ddmErrorDiag ?? null,
    brokerageErrorCode: 0,
    brokerageErrorDiag: null,
    jobDispatcherErrorCode: failure?.jobDispatcherErrorCode ?? 0,
    jobDispatcherErrorDiag: failure?.jobDispatcherErrorDiag ?? null,
    taskBufferErrorCode: killed ? (jobStatus === 'closed' ? 106 : 100) : 0,
    taskBufferErrorDiag: killed
      ? jobStatus === 'closed'
        ? 'closed since the task was aborted'
        : `killed by ${user.name}`
      : null,
    computingSite: queue.queue,
    computingElement: started ? queue.computingElement : null,
    jobParameters: managed
      ? `--inputEVNTFile=${inputLfn} --outputHITSFile=${outputLfn} --maxEvents=${eventsPerFile} --randomSeed=${n}`
      : `-j "" --sourceURL https://aipanda048.cern.ch:25443 -r . -p "python%20analysis.py%20%IN" -i "['${inputLfn}']" -o "{'output.root': '${outputLfn}'}"`,
    metadata: null,
    prodDBlock: inputDataset,
    dispatchDBlock: null,
    destinationDBlock: subDatasetOf(t, j),
    destinationSE: queue.ddmEndpoint,
    nEvents: jobStatus === 'finished' ? eventsPerFile : 0,
    grid: 'OSG',
    cloud: queue.cloud,
    cpuConversion: 1,
    sourceSite: null,
    destinationSite: null,
    transferType: null,
    taskID: taskId,
    cmtConfig: architecture,
    stateChangeTime: modified,
    prodDBUpdateTime: null,
    lockedby: 'jedi',
    relocationFlag: 1,
    jobExecutionID: 0,
    VO: 'atlas',
    pilotTiming: started ? '12|3|25|1|8' : null,
    workingGroup: managed ? 'AP_MCGN' : null,
    processingType: managed ? step.processingType : 'panda-client-1.5.90-jedi-run',
    prodUserName: user.name,
    nInputFiles: 1,
    countryGroup: null,
    batchID: started ? batchIdOf(index, j) : null,
    parentID: null,
    specialHandling: null,
    jobsetID: (taskId % 1000) * 10 + 1,
    coreCount: queue.coreCount,
    nInputDataFiles: 1,
    inputFileType: managed ? step.inType : 'DAOD_PHYS',
    inputFileProject: 'mc23_13p6TeV',
    inputFileBytes: inSize,
    nOutputDataFiles: jobStatus === 'finished' ? 1 : 0,
    outputFileBytes: jobStatus === 'finished' ? outSize : 0,
    jobMetrics: started
      ? `coreCount=${queue.coreCount} nEvents=${jobStatus === 'finished' ? eventsPerFile : 0}`
      : null,
    workQueue_ID: managed ? 15 : 4,
    jediTaskID: taskId,
    jobSubStatus: killed ? 'toreassign' : null,
    actualCoreCount: started ? queue.coreCount : null,
    reqID: managed ? 40000 + index : null,
    maxRSS: maxRss,
    maxVMEM: maxRss ? maxRss * 2 : null,
    maxSWAP: maxRss ? 0 : null,
    maxPSS: maxRss ? Math.round(maxRss * 0.9) : null,
    avgRSS: maxRss ? Math.round(maxRss * 0.7) : null,
    avgVMEM: maxRss ? maxRss * 1.5 : null,
    avgSWAP: maxRss ? 0 : null,
    avgPSS: maxRss ? Math.round(maxRss * 0.65) : null,
    maxWalltime: managed ? 86400 : 10800,
    nucleus: managed ? 'CERN-PROD' : null,
    eventService: 0,
    failedAttempt: jobStatus === 'failed' ? attemptNr : 0,
    hs06sec: cpu * 10,
    gshare: managed
      ? step.processingType === 'evgen'
        ? 'MC 16 evgen'
        : 'MC Simulation Full'
      : 'User Analysis',
    hs06: queue.coreCount * 10,
    resource_type: managed ? 'MCORE' : 'SCORE',
    diskIO: started ? 120 : null,
    memory_leak: started ? 12 : null,
    memory_leak_x2: started ? 0.4 : null,
    container_name: null,
    job_label: managed ? 'managed' : 'user',
    cpu_architecture_level: 'x86-64-v3',
    outputFileType: managed ? step.out : 'root',
  }) as JobRecord;
}

/** The input, output and log FileSpec rows of a job. */
export function buildJobFiles(t: TaskShape, p: JobShape): FileRecord[] {
  const { taskId, scope, inputDataset, outputDataset, logDataset, datasetId, fileId } = t;
  const { n, pandaId, queue, jobStatus, attemptNr, inSize, outSize } = p;
  const inputLfn = t.inputLfn(n);
  const outputLfn = t.outputLfn(n);
  const logLfn = t.logLfn(n);
  const isFinal = FINAL_JOB_STATES.includes(jobStatus);
  const fileRow = (values: Record<string, unknown>, k: number) =>
    completeRecord(FILE_FIELDS, {
      row_ID: pandaId * 10 + k,
      PandaID: pandaId,
      GUID: guidOf(pandaId, k),
      dispatchDBlock: null,
      dispatchDBlockToken: null,
      destinationSE: queue.ddmEndpoint,
      jediTaskID: taskId,
      attemptNr: attemptNr - 1,
      md5sum: null,
      ...values,
    });
  return [
    fileRow(
      {
        lfn: inputLfn,
        type: 'input',
        dataset: inputDataset,
        status: 'ready',
        prodDBlock: inputDataset,
        prodDBlockToken: null,
        destinationDBlock: null,
        destinationDBlockToken: null,
        fsize: inSize,
        checksum: `ad:${checksumOf(pandaId, 1)}`,
        scope: 'mc23_13p6TeV',
        datasetID: datasetId(1),
        fileID: fileId(1, n),
      },
      1,
    ),
    fileRow(
      {
        lfn: outputLfn,
        type: 'output',
        dataset: outputDataset,
        status: jobStatus === 'finished' ? 'ready' : jobStatus === 'failed' ? 'failed' : 'unknown',
        prodDBlock: null,
        prodDBlockToken: null,
        destinationDBlock: subDatasetOf(t, p.j),
        destinationDBlockToken: `dst:${queue.ddmEndpoint}`,
        fsize: jobStatus === 'finished' ? outSize : null,
        checksum: jobStatus === 'finished' ? `ad:${checksumOf(pandaId, 2)}` : null,
        scope,
        datasetID: datasetId(2),
        fileID: fileId(2, n),
      },
      2,
    ),
    fileRow(
      {
        lfn: logLfn,
        type: 'log',
        dataset: logDataset,
        status: isFinal ? 'ready' : 'unknown',
        prodDBlock: null,
        prodDBlockToken: null,
        destinationDBlock: subDatasetOf(t, p.j),
        destinationDBlockToken: `dst:${queue.ddmEndpoint}`,
        fsize: isFinal ? logSizeOf(n) : null,
        checksum: isFinal ? `ad:${checksumOf(pandaId, 3)}` : null,
        scope,
        datasetID: datasetId(3),
        fileID: fileId(3, n),
      },
      3,
    ),
  ];
}
