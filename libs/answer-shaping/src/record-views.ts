import { isPlainObject } from '@panda-mcp/common';
import type { RecordKind } from './result-shapes';

/**
 * Compact views of PanDA's records: the fields that answer the usual questions (who, what, where, when,
 * which attempt, what went wrong, which data), with unset and empty values left out. PanDA's job record has
 * about 127 fields and its task record about 84; most are bookkeeping an agent never needs.
 */

type Json = Record<string, unknown>;

/** The field that names a record; always kept, whatever fields are asked for. */
export const IDENTITY_FIELD: Readonly<Record<Exclude<RecordKind, 'value'>, string>> = {
  job: 'PandaID',
  task: 'jediTaskID',
  site: 'sitename',
};

/** Each error field of a job with the field that explains it; a code is "set" when it is not 0. */
const JOB_ERROR_FIELDS: ReadonlyArray<readonly [code: string, diag?: string]> = [
  ['pilotErrorCode', 'pilotErrorDiag'],
  ['exeErrorCode', 'exeErrorDiag'],
  ['transExitCode'],
  ['ddmErrorCode', 'ddmErrorDiag'],
  ['supErrorCode', 'supErrorDiag'],
  ['taskBufferErrorCode', 'taskBufferErrorDiag'],
  ['brokerageErrorCode', 'brokerageErrorDiag'],
  ['jobDispatcherErrorCode', 'jobDispatcherErrorDiag'],
];

const JOB_FIELDS = [
  'PandaID',
  'jediTaskID',
  'jobName',
  'jobStatus',
  'jobSubStatus',
  'prodSourceLabel',
  'prodUserName',
  'computingSite',
  'cloud',
  'attemptNr',
  'maxAttempt',
  'creationTime',
  'startTime',
  'endTime',
  'modificationTime',
  'prodDBlock',
  'commandToPilot',
];

const TASK_FIELDS = [
  'jediTaskID',
  'taskName',
  'status',
  'superStatus',
  'userName',
  'prodSourceLabel',
  'workingGroup',
  'vo',
  'taskType',
  'processingType',
  'campaign',
  'site',
  'cloud',
  'nucleus',
  'gshare',
  'creationDate',
  'startTime',
  'endTime',
  'modificationTime',
  'attemptNr',
  'currentPriority',
  'progress',
  'failureRate',
  'errorDialog',
  'parent_tid',
  'reqID',
  'inDS',
  'outDS',
];

const DATASET_FIELDS = [
  'datasetID',
  'datasetName',
  'type',
  'status',
  'nFiles',
  'nFilesFinished',
  'nFilesFailed',
  'nFilesOnHold',
  'nEvents',
];

/** PanDA queue (SiteSpec) fields; the names differ between PanDA versions, so both spellings are listed. */
const SITE_FIELDS = [
  'sitename',
  'nickname',
  'siteid',
  'pandasite',
  'status',
  'state',
  'cloud',
  'country',
  'tier',
  'type',
  'resource_type',
  'capability',
  'coreCount',
  'corecount',
  'maxrss',
  'maxtime',
  'harvester',
  'nQueuedJobs',
];

/** A job's files by name: which data it read and wrote (its datasets: prodDBlock and the files' own). */
const FILE_FIELDS = ['type', 'lfn', 'status'];

const hasOwn = (record: Json, field: string) => Object.prototype.hasOwnProperty.call(record, field);

/** Unset in PanDA's records: null, '', 'NULL' and empty containers. */
function isUnset(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || value === 'NULL') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function pickSet(record: Json, fields: readonly string[], into: Json = {}): Json {
  for (const field of fields) {
    const value = record[field];
    if (!isUnset(value)) into[field] = value;
  }
  return into;
}

export function isJobRecord(value: unknown): value is Json {
  return isPlainObject(value) && 'PandaID' in value && 'jobStatus' in value;
}

export function isTaskRecord(value: unknown): value is Json {
  return isPlainObject(value) && 'jediTaskID' in value && 'status' in value && !('PandaID' in value);
}

function isDatasetRecord(value: unknown): value is Json {
  return isPlainObject(value) && 'datasetID' in value && 'datasetName' in value && 'nFiles' in value;
}

export function compactJob(job: Json): Json {
  const view = pickSet(job, JOB_FIELDS);
  for (const [code, diag] of JOB_ERROR_FIELDS) {
    const value = job[code];
    if (isUnset(value) || value === 0 || value === '0') continue;
    view[code] = value;
    if (diag && !isUnset(job[diag])) view[diag] = job[diag];
  }
  if (Array.isArray(job.Files)) {
    const files = job.Files.filter(isPlainObject).map((file) => pickSet(file, FILE_FIELDS));
    if (files.length) view.Files = files;
  }
  return view;
}

export function compactTask(task: Json): Json {
  const view = pickSet(task, TASK_FIELDS);
  if (Array.isArray(task.datasets)) {
    const datasets = task.datasets.map((d) => (isDatasetRecord(d) ? pickSet(d, DATASET_FIELDS) : d));
    if (datasets.length) view.datasets = datasets;
  }
  return view;
}

/** A site's compact view; when too few of the known fields are there, the record is left whole. */
export function compactSite(site: Json): Json {
  const view = pickSet(site, SITE_FIELDS);
  return Object.keys(view).length >= 3 ? view : site;
}

/** Which fields the caller wants: the compact view, every field, or the named ones. */
export type FieldSelection =
  { view: 'compact' } | { view: 'full' } | { view: 'named'; fields: readonly string[] };

/** The record as the caller asked for it; anything that is not a record of that kind passes unchanged. */
export function viewOf(kind: RecordKind, record: unknown, selection: FieldSelection): unknown {
  if (kind === 'value' || selection.view === 'full' || !isPlainObject(record)) return record;
  if (selection.view === 'named') {
    const identity = IDENTITY_FIELD[kind];
    // own fields only ("constructor" is not a field), set with fromEntries ("__proto__" stays a field)
    const fields = [identity, ...selection.fields.filter((field) => field !== identity)];
    return Object.fromEntries(
      fields.filter((field) => hasOwn(record, field)).map((field) => [field, record[field]]),
    );
  }
  switch (kind) {
    case 'job':
      return isJobRecord(record) ? compactJob(record) : record;
    case 'task':
      return isTaskRecord(record) ? compactTask(record) : record;
    case 'site':
      return compactSite(record);
  }
}

/** The named fields that none of the records has (a typo, or a field of another record kind). */
export function fieldsNoRecordHas(records: readonly unknown[], fields: readonly string[]): string[] {
  const missing = new Set(fields);
  for (const record of records) {
    if (!isPlainObject(record)) continue;
    for (const field of missing) if (hasOwn(record, field)) missing.delete(field);
    if (missing.size === 0) break;
  }
  return [...missing];
}
