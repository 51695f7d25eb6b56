import { completeRecord, TASK_FIELDS, TaskRecord } from './sim-records.types';

/** The JediTaskSpec row insertTaskParamsPanda writes for a newly submitted task (status registered). */
export function submittedTaskRecord(
  params: Record<string, unknown>,
  taskId: number,
  userName: string,
  label: string,
  parentTid: number | null,
  now: Date,
): TaskRecord {
  const text = (key: string) => (typeof params[key] === 'string' ? params[key] : null);
  return completeRecord(TASK_FIELDS, {
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
}
