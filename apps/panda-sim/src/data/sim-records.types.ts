/**
 * Column names of PanDA's records (JediTaskSpec, JediDatasetSpec, JobSpec, FileSpec). Every record the
 * sim serves carries all of them, null where the sim has nothing to say, as PanDA's records do.
 */

export const TASK_FIELDS = [
  'jediTaskID',
  'taskName',
  'status',
  'userName',
  'creationDate',
  'modificationTime',
  'startTime',
  'endTime',
  'frozenTime',
  'prodSourceLabel',
  'workingGroup',
  'vo',
  'coreCount',
  'taskType',
  'processingType',
  'taskPriority',
  'currentPriority',
  'architecture',
  'transUses',
  'transHome',
  'transPath',
  'lockedBy',
  'lockedTime',
  'termCondition',
  'splitRule',
  'walltime',
  'walltimeUnit',
  'outDiskCount',
  'outDiskUnit',
  'workDiskCount',
  'workDiskUnit',
  'ramCount',
  'ramUnit',
  'ioIntensity',
  'ioIntensityUnit',
  'workQueue_ID',
  'progress',
  'failureRate',
  'errorDialog',
  'reqID',
  'oldStatus',
  'cloud',
  'site',
  'countryGroup',
  'parent_tid',
  'eventService',
  'ticketID',
  'ticketSystemType',
  'stateChangeTime',
  'superStatus',
  'campaign',
  'mergeRamCount',
  'mergeRamUnit',
  'mergeWalltime',
  'mergeWalltimeUnit',
  'throttledTime',
  'numThrottled',
  'mergeCoreCount',
  'goal',
  'assessmentTime',
  'cpuTime',
  'cpuTimeUnit',
  'cpuEfficiency',
  'baseWalltime',
  'nucleus',
  'baseRamCount',
  'ttcRequested',
  'ttcPredicted',
  'ttcPredictionDate',
  'rescueTime',
  'requestType',
  'gshare',
  'resource_type',
  'useJumbo',
  'diskIO',
  'diskIOUnit',
  'memory_leak_core',
  'memory_leak_x2',
  'attemptNr',
  'container_name',
  'framework',
  'activatedTime',
  'queuedTime',
  'actionTime',
] as const;

export const DATASET_FIELDS = [
  'jediTaskID',
  'datasetID',
  'datasetName',
  'containerName',
  'type',
  'creationTime',
  'modificationTime',
  'vo',
  'cloud',
  'site',
  'masterID',
  'provenanceID',
  'status',
  'state',
  'stateCheckTime',
  'stateCheckExpiration',
  'frozenTime',
  'nFiles',
  'nFilesToBeUsed',
  'nFilesUsed',
  'nFilesFinished',
  'nFilesFailed',
  'nFilesOnHold',
  'nEvents',
  'nEventsToBeUsed',
  'nEventsUsed',
  'lockedBy',
  'lockedTime',
  'attributes',
  'streamName',
  'storageToken',
  'destination',
  'templateID',
  'nFilesWaiting',
  'nFilesMissing',
] as const;

export const JOB_FIELDS = [
  'PandaID',
  'jobDefinitionID',
  'schedulerID',
  'pilotID',
  'creationTime',
  'creationHost',
  'modificationTime',
  'modificationHost',
  'AtlasRelease',
  'transformation',
  'homepackage',
  'prodSeriesLabel',
  'prodSourceLabel',
  'prodUserID',
  'assignedPriority',
  'currentPriority',
  'attemptNr',
  'maxAttempt',
  'jobStatus',
  'jobName',
  'maxCpuCount',
  'maxCpuUnit',
  'maxDiskCount',
  'maxDiskUnit',
  'ipConnectivity',
  'minRamCount',
  'minRamUnit',
  'startTime',
  'endTime',
  'cpuConsumptionTime',
  'cpuConsumptionUnit',
  'commandToPilot',
  'transExitCode',
  'pilotErrorCode',
  'pilotErrorDiag',
  'exeErrorCode',
  'exeErrorDiag',
  'supErrorCode',
  'supErrorDiag',
  'ddmErrorCode',
  'ddmErrorDiag',
  'brokerageErrorCode',
  'brokerageErrorDiag',
  'jobDispatcherErrorCode',
  'jobDispatcherErrorDiag',
  'taskBufferErrorCode',
  'taskBufferErrorDiag',
  'computingSite',
  'computingElement',
  'jobParameters',
  'metadata',
  'prodDBlock',
  'dispatchDBlock',
  'destinationDBlock',
  'destinationSE',
  'nEvents',
  'grid',
  'cloud',
  'cpuConversion',
  'sourceSite',
  'destinationSite',
  'transferType',
  'taskID',
  'cmtConfig',
  'stateChangeTime',
  'prodDBUpdateTime',
  'lockedby',
  'relocationFlag',
  'jobExecutionID',
  'VO',
  'pilotTiming',
  'workingGroup',
  'processingType',
  'prodUserName',
  'nInputFiles',
  'countryGroup',
  'batchID',
  'parentID',
  'specialHandling',
  'jobsetID',
  'coreCount',
  'nInputDataFiles',
  'inputFileType',
  'inputFileProject',
  'inputFileBytes',
  'nOutputDataFiles',
  'outputFileBytes',
  'jobMetrics',
  'workQueue_ID',
  'jediTaskID',
  'jobSubStatus',
  'actualCoreCount',
  'reqID',
  'maxRSS',
  'maxVMEM',
  'maxSWAP',
  'maxPSS',
  'avgRSS',
  'avgVMEM',
  'avgSWAP',
  'avgPSS',
  'maxWalltime',
  'nucleus',
  'eventService',
  'failedAttempt',
  'hs06sec',
  'gshare',
  'hs06',
  'totRCHAR',
  'totWCHAR',
  'totRBYTES',
  'totWBYTES',
  'rateRCHAR',
  'rateWCHAR',
  'rateRBYTES',
  'rateWBYTES',
  'resource_type',
  'diskIO',
  'memory_leak',
  'memory_leak_x2',
  'container_name',
  'job_label',
  'gco2_regional',
  'gco2_global',
  'cpu_architecture_level',
  'outputFileType',
] as const;

export const FILE_FIELDS = [
  'row_ID',
  'PandaID',
  'GUID',
  'lfn',
  'type',
  'dataset',
  'status',
  'prodDBlock',
  'prodDBlockToken',
  'dispatchDBlock',
  'dispatchDBlockToken',
  'destinationDBlock',
  'destinationDBlockToken',
  'destinationSE',
  'fsize',
  'md5sum',
  'checksum',
  'scope',
  'jediTaskID',
  'datasetID',
  'fileID',
  'attemptNr',
] as const;

export type SimRecord = Record<string, unknown>;

/** A JEDI task as the sim keeps it: the JediTaskSpec columns plus what it needs to act on the task. */
export interface TaskRecord extends SimRecord {
  jediTaskID: number;
  taskName: string;
  status: string;
  oldStatus: string | null;
  userName: string;
  prodSourceLabel: string;
  modificationTime: Date;
  currentPriority: number;
  parent_tid: number | null;
}

export interface JobRecord extends SimRecord {
  PandaID: number;
  jediTaskID: number;
  jobStatus: string;
  prodUserName: string;
  prodSourceLabel: string;
  computingSite: string;
  modificationTime: Date;
  attemptNr: number;
  cloud: unknown;
  processingType: unknown;
  resource_type: unknown;
  gshare: unknown;
  nEvents: unknown;
}

/**
 * The columns the sim's counting, statistics and permission checks read. A JobRecord is one; the
 * large tasks produce these without building whole records.
 */
export interface JobSummary {
  PandaID: number;
  jediTaskID: number;
  jobStatus: string;
  prodUserName: string;
  prodSourceLabel: string;
  computingSite: string;
  modificationTime: Date;
  cloud: unknown;
  processingType: unknown;
  resource_type: unknown;
  gshare: unknown;
  nEvents: unknown;
}

/** A JEDI dataset; `contents` are its JEDI_Dataset_Contents rows (lfn, scope, fileID, status). */
export interface DatasetRecord extends SimRecord {
  jediTaskID: number;
  datasetID: number;
  datasetName: string;
  type: string;
}

export interface DatasetContent {
  lfn: string;
  scope: string;
  fileID: number;
  status: string;
  fsize: number;
  PandaID: number | null;
}

/** A file of a job (FileSpec). */
export type FileRecord = SimRecord;

/** Fills every column of a record, null where no value was given. */
export function completeRecord<T extends SimRecord>(fields: readonly string[], values: T): T {
  const record: SimRecord = {};
  for (const field of fields) record[field] = field in values ? values[field] : null;
  for (const [key, value] of Object.entries(values)) if (!(key in record)) record[key] = value;
  return record as T;
}
