/**
 * What panda-mcp knows about the shape of PanDA's answers (facts about PanDA, not configuration): where a
 * tool's answer holds its list of records, what those records are, and PanDA's own silent caps. Tools
 * listed here get panda-mcp's paging and field parameters; every other tool's result is still kept within
 * the result budget, by cutting it.
 */

/** Records with a compact view (see record-views.ts); `value` lists hold plain values (ids, counts). */
export type RecordKind = 'job' | 'task' | 'site' | 'value';

/**
 * Where the list is inside PanDA's `data`: `via` walks from `data` through object keys, `[]` meaning "each
 * element of this array" (the records of all elements form one list, in order); `kind` says whether the
 * list itself is an array or an object whose entries are the records (PanDA's maps keyed by id or name).
 */
export interface ListPath {
  via: readonly string[];
  kind: 'array' | 'map';
}

export interface ListShape {
  list: ListPath;
  records: RecordKind;
  /** The records in words, plural: "jobs", "PandaIDs". */
  noun: string;
  /** PanDA returns at most this many records without saying so, and how to reach the others. */
  pandaCap?: { count: number; route: string };
  /**
   * The JSON Schema of `data`, where PanDA's shape is known well enough to promise it: the tool then
   * declares an outputSchema and its results carry structuredContent.
   */
  dataSchema?: Record<string, unknown>;
  /** The narrower call to suggest when PanDA's answer is too large to take at all. */
  narrower?: string;
}

/** A tool whose answer is one record (or a few fixed ones): compact by default, fields selectable. */
export interface RecordShape {
  records: Exclude<RecordKind, 'value'>;
}

export type ResultShape = ({ paged: true } & ListShape) | ({ paged: false } & RecordShape);

const DATA: ListPath = { via: [], kind: 'array' };
const MAP: ListPath = { via: [], kind: 'map' };

/** PanDA's task_get_job_descriptions stops at this many jobs (the rest of a larger task is left out). */
export const PANDA_JOB_DESCRIPTION_CAP = 5500;

// `null` too: PanDA may send no data, and a result whose beside-list parts cannot be shown has none
const JOBS = { type: ['array', 'null'], items: { type: ['object', 'null'] } };
const IDS = { type: ['array', 'null'], items: { type: 'integer' } };

const list = (shape: ListShape): ResultShape => ({ paged: true, ...shape });
const record = (records: RecordShape['records']): ResultShape => ({ paged: false, records });

const RESULT_SHAPES: Readonly<Record<string, ResultShape>> = {
  task_get_job_descriptions: list({
    list: DATA,
    records: 'job',
    noun: 'jobs',
    dataSchema: JOBS,
    narrower:
      'unsuccessful_only=true for the failed jobs only, or task_get_job_ids and then job_get_description_incl_archive for a batch of ids',
    pandaCap: {
      count: PANDA_JOB_DESCRIPTION_CAP,
      route:
        'task_get_job_ids (all PandaIDs of the task, pageable), then job_get_description_incl_archive with a batch of those ids per call',
    },
  }),
  job_get_description_incl_archive: list({
    list: DATA,
    records: 'job',
    noun: 'jobs',
    dataSchema: JOBS,
    narrower: 'fewer job_ids per call (a few hundred)',
  }),
  job_get_description: list({
    list: DATA,
    records: 'job',
    noun: 'jobs',
    dataSchema: JOBS,
    narrower: 'fewer job_ids per call (a few hundred)',
  }),
  task_get_job_ids: list({ list: DATA, records: 'value', noun: 'PandaIDs', dataSchema: IDS }),
  task_get_details: list({
    list: { via: ['PandaID'], kind: 'array' },
    records: 'value',
    noun: 'PandaIDs',
    dataSchema: { type: ['object', 'null'], properties: { PandaID: IDS } },
  }),
  task_get_datasets_and_files: list({
    list: { via: ['[]', 'files'], kind: 'array' },
    records: 'value',
    noun: 'files',
    dataSchema: { type: ['array', 'null'], items: { type: 'object' } },
  }),
  task_get_tasks_modified_since: list({
    list: MAP,
    records: 'task',
    noun: 'tasks',
    dataSchema: { type: ['object', 'null'] },
  }),
  task_get_tasks_detailed_info_since: list({ list: DATA, records: 'task', noun: 'tasks' }),
  metaconfig_get_site_specs: list({ list: MAP, records: 'site', noun: 'sites' }),
  metaconfig_get_banned_users: list({ list: MAP, records: 'value', noun: 'users' }),
  statistics_job_stats_by_cloud: list({ list: MAP, records: 'value', noun: 'entries' }),
  statistics_production_job_stats_by_cloud_and_processing_type: list({
    list: MAP,
    records: 'value',
    noun: 'entries',
  }),
  statistics_active_job_stats_by_site: list({ list: MAP, records: 'value', noun: 'sites' }),
  statistics_active_job_detailed_stats_by_site: list({ list: MAP, records: 'value', noun: 'sites' }),
  statistics_job_stats_by_site_and_resource_type: list({ list: MAP, records: 'value', noun: 'sites' }),
  statistics_job_stats_by_site_share_and_resource_type: list({ list: MAP, records: 'value', noun: 'sites' }),
  harvester_get_worker_statistics: list({ list: MAP, records: 'value', noun: 'entries' }),
  job_get_metadata_for_analysis_jobs: list({ list: MAP, records: 'value', noun: 'jobs' }),
  task_get_jumbo_job_datasets: list({ list: MAP, records: 'value', noun: 'datasets' }),
  task_get_detailed_info: record('task'),
  task_get_parent_detailed_info: record('task'),
};

/** The shape of a tool's answer, when panda-mcp knows it. */
export function resultShapeOf(toolName: string): ResultShape | undefined {
  return Object.prototype.hasOwnProperty.call(RESULT_SHAPES, toolName) ? RESULT_SHAPES[toolName] : undefined;
}

/** The page beside the data: its fields are described in page-notice.ts (Page). */
const PAGE_SCHEMA = { type: 'object', required: ['total', 'offset', 'count'] };

/** The tool's outputSchema: PanDA's data with panda-mcp's page beside it; undefined when not promised. */
export function outputSchemaOf(shape: ResultShape | undefined): Record<string, unknown> | undefined {
  if (!shape?.paged || !shape.dataSchema) return undefined;
  return {
    type: 'object',
    properties: { data: shape.dataSchema, page: PAGE_SCHEMA },
    required: ['data', 'page'],
  };
}
