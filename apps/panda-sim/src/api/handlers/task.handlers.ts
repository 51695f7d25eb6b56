import { cleanUserId } from '../../auth/panda-identity.util';
import { SimDataStore } from '../../data/sim-data.store';
import { JobRecord, JobSummary, TaskRecord } from '../../data/sim-records.types';
import { PyError, pyInt, PyLazyList, pyTruthy } from '../python-value.util';
import {
  ApiHandler,
  MAX_JOB_DESCRIPTIONS,
  MESSAGE_JSON,
  MESSAGE_TASK_ID,
  PandaResponse,
  respond,
  taskCaller,
} from './handler.types';

/** int(task_id) as the handlers do it: a ValueError becomes PanDA's message, anything else a 500. */
function taskIdOf(value: unknown): number | PandaResponse {
  try {
    return pyInt(value);
  } catch (error) {
    if (error instanceof PyError && error.kind === 'ValueError') return respond(false, MESSAGE_TASK_ID);
    throw error;
  }
}

/** A job as PanDA's peekJobs / getFullJobStatus describe it: the JobSpec columns plus its files. */
export function jobDescription(store: SimDataStore, job: JobRecord): Record<string, unknown> {
  return { ...job, Files: store.filesOfJob(job.PandaID) };
}

/** Descriptions of jobs (null for unknown ones), each built only when the answer is written. */
export function jobDescriptions(store: SimDataStore, pandaIds: number[]): PyLazyList {
  return new PyLazyList(function* () {
    for (const id of pandaIds) {
      const job = store.job(id);
      yield job ? jobDescription(store, job) : null;
    }
  });
}

/** "finished*3,running*2": PanDA's compact per-status job count. */
function statistics(jobs: Iterable<JobSummary>): string {
  const counts = new Map<string, number>();
  for (const job of jobs) counts.set(job.jobStatus, (counts.get(job.jobStatus) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${status}*${n}`).join(',');
}

const BASIC_FIELDS = [
  'jediTaskID',
  'modificationTime',
  'status',
  'processingType',
  'transUses',
  'transHome',
  'architecture',
  'reqID',
  'creationDate',
  'site',
  'cloud',
  'taskName',
];

function pick(record: TaskRecord, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, record[f]]));
}

/** "%Y-%m-%d %H:%M:%S" in naive UTC, or undefined when the text is not in that form. */
function parseSince(since: unknown): Date | undefined {
  const match = /^(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)$/.exec(String(since ?? ''));
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function taskCommand(command: 'kill' | 'finish' | 'pause' | 'resume' | 'avalanche' | 'release'): ApiHandler {
  return ({ args, caller, store }) => {
    const taskId = taskIdOf(args.task_id);
    if (typeof taskId !== 'number') return taskId;
    const [code, message] = store.sendTaskCommand(taskId, taskCaller(caller), command);
    return respond(code === 0, message, code);
  };
}

export const TASK_HANDLERS: Record<string, ApiHandler> = {
  'task/get_status': ({ args, store }) => {
    const taskId = taskIdOf(args.task_id);
    if (typeof taskId !== 'number') return taskId;
    const task = store.task(taskId);
    return task ? respond(true, '', task.status) : respond(false, 'Task not found');
  },

  'task/get_details': ({ args, store }) => {
    const task = store.task(Number(args.task_id));
    if (!task) return respond(false, 'Task not found or error retrieving the details');
    const datasets = store.datasetsOfTask(task.jediTaskID);
    const names = (type: string) =>
      datasets
        .filter((d) => d.type === type)
        .map((d) => d.datasetName)
        .join(',');
    const details: Record<string, unknown> = {
      jediTaskID: task.jediTaskID,
      inDS: names('input'),
      outDS: names('output'),
      statistics: statistics(store.jobSummariesOfTask(task.jediTaskID)),
      PandaID: store.jobIdsOfTask(task.jediTaskID),
      nFiles: datasets.find((d) => d.type === 'input')?.nFiles ?? 0,
      nFilesFinished: datasets.find((d) => d.type === 'input')?.nFilesFinished ?? 0,
      nFilesFailed: datasets.find((d) => d.type === 'input')?.nFilesFailed ?? 0,
    };
    if (pyTruthy(args.include_parameters))
      details.taskParams = JSON.stringify(store.taskParams(task.jediTaskID));
    if (pyTruthy(args.include_status)) {
      Object.assign(
        details,
        pick(task, ['status', 'taskName', 'userName', 'creationDate', 'modificationTime']),
        {
          errorDialog: task.errorDialog,
          superStatus: task.superStatus,
        },
      );
    }
    return respond(true, '', details);
  },

  'task/get_job_ids': ({ args, store }) => {
    const taskId = taskIdOf(args.task_id);
    if (typeof taskId !== 'number') return taskId;
    return respond(true, '', store.jobIdsOfTask(taskId));
  },

  'task/get_datasets_and_files': ({ args, store }) => {
    let taskId: number;
    try {
      taskId = pyInt(args.task_id);
    } catch {
      return respond(false, 'No data found for the task');
    }
    const types = Array.isArray(args.dataset_types)
      ? args.dataset_types.map(String)
      : ['input', 'pseudo_input'];
    const result = store
      .datasetsOfTask(taskId)
      .filter((d) => types.includes(d.type))
      .map((d) => ({
        dataset: { name: d.datasetName, id: d.datasetID },
        ...(pyTruthy(args.dataset_only)
          ? {}
          : {
              // one file at a time: the large tasks have 100,000 of them
              files: new PyLazyList(function* () {
                for (const f of store.contentsOf(d.datasetID)) {
                  yield { lfn: f.lfn, scope: f.scope, id: f.fileID, status: f.status };
                }
              }),
            }),
      }));
    return result.length ? respond(true, '', result) : respond(false, 'No data found for the task');
  },

  'task/get_task_parameters': ({ args, store }) => {
    const taskId = taskIdOf(args.task_id);
    if (typeof taskId !== 'number') return taskId;
    const params = store.taskParams(taskId);
    return params ? respond(true, '', JSON.parse(JSON.stringify(params))) : respond(false, 'Task not found');
  },

  'task/get_detailed_info': ({ args, store }) => {
    const task = store.task(Number(args.task_id));
    if (!task) return respond(false, 'Task not found');
    return respond(true, '', { ...task, datasets: store.datasetsOfTask(task.jediTaskID) });
  },

  'task/get_parent_detailed_info': ({ args, store }) => {
    const task = store.task(Number(args.task_id));
    if (!task) return respond(false, 'Task not found');
    if (task.parent_tid === null || task.parent_tid === task.jediTaskID)
      return respond(false, 'Task has no parent');
    const parent = store.task(task.parent_tid);
    return parent
      ? respond(true, '', { ...parent })
      : respond(false, `Parent task ${task.parent_tid} not found`);
  },

  // PanDA cuts the list at MAX_JOB_DESCRIPTIONS without saying so; records are built while written
  'task/get_job_descriptions': ({ args, store }) => {
    const unsuccessful = pyTruthy(args.unsuccessful_only);
    const taskId = Number(args.task_id);
    const ids: number[] = [];
    for (const job of store.jobSummariesOfTask(taskId)) {
      if (ids.length >= MAX_JOB_DESCRIPTIONS) break;
      if (!unsuccessful || ['failed', 'cancelled', 'closed'].includes(job.jobStatus)) ids.push(job.PandaID);
    }
    return respond(true, '', jobDescriptions(store, ids));
  },

  'task/get_tasks_modified_since': ({ args, caller, store, now }) => {
    const dn = pyTruthy(args.dn) ? String(args.dn) : (caller.dn ?? '');
    const since = parseSince(args.since);
    if (['NULL', '', 'None'].includes(dn) || !since) return respond(true, '', {});
    const floor = new Date(Math.max(since.getTime(), now.getTime() - 30 * 24 * 3600 * 1000));
    const owner = cleanUserId(dn);
    const label = String(args.prod_source_label ?? 'user');
    const minTaskId =
      args.min_task_id === null || args.min_task_id === undefined ? undefined : Number(args.min_task_id);
    const result: Record<string, unknown> = {};
    for (const task of store.allTasks()) {
      if (task.userName !== owner || task.prodSourceLabel !== label) continue;
      if (task.modificationTime <= floor || (minTaskId !== undefined && task.jediTaskID < minTaskId))
        continue;
      result[task.jediTaskID] = pyTruthy(args.full) ? { ...task } : pick(task, BASIC_FIELDS);
    }
    return respond(true, '', result);
  },

  'task/get_tasks_detailed_info_since': ({ args, store }) => {
    let filters: Record<string, unknown> = {};
    if (pyTruthy(args.filters)) {
      try {
        filters = JSON.parse(String(args.filters)) as Record<string, unknown>;
      } catch {
        return respond(false, MESSAGE_JSON);
      }
    }
    const since = args.since === null || args.since === undefined ? undefined : parseSince(args.since);
    if (args.since !== null && args.since !== undefined && !since) {
      return respond(false, `since must be in the format %Y-%m-%d %H:%M:%S, got ${String(args.since)}`);
    }
    const limit = Number(args.n_tasks ?? 500);
    const tasks = store
      .allTasks()
      .filter((t) => !since || t.modificationTime > since)
      .filter((t) => Object.entries(filters).every(([k, v]) => String(t[k]) === String(v)))
      .sort((a, b) => b.modificationTime.getTime() - a.modificationTime.getTime())
      .slice(0, limit);
    return respond(
      true,
      '',
      tasks.map((t) => ({ ...t })),
    );
  },

  'task/get_jumbo_job_datasets': () => respond(true, '', {}),

  'task/kill': taskCommand('kill'),
  'task/finish': taskCommand('finish'),
  'task/pause': taskCommand('pause'),
  'task/resume': taskCommand('resume'),
  'task/avalanche': taskCommand('avalanche'),
  'task/release': taskCommand('release'),

  'task/retry': ({ args, caller, store }) => {
    const [code, message] = store.sendTaskCommand(Number(args.task_id), taskCaller(caller), 'retry');
    if (code === 5) {
      // the task is still active: PanDA resubmits the failed jobs instead
      const text = `retry has been triggered for failed jobs while the task is still ${message}`;
      return respond(true, text, pyTruthy(args.new_parameters) ? 3 : 0);
    }
    return respond(true, message, code);
  },

  'task/reload_input': ({ args, caller, store }) => {
    const taskId = taskIdOf(args.task_id);
    if (typeof taskId !== 'number') return taskId;
    const [code, message] = store.sendTaskCommand(taskId, taskCaller(caller), 'incexec');
    return respond(code === 0, message, code);
  },

  'task/reassign': ({ args, caller, store }) => {
    const taskId = taskIdOf(args.task_id);
    if (typeof taskId !== 'number') return taskId;
    let comment =
      args.site !== null && args.site !== undefined
        ? `site:${String(args.site)}:y`
        : args.nucleus !== null && args.nucleus !== undefined
          ? `nucleus:${String(args.nucleus)}:n`
          : `cloud:${String(args.cloud)}:n`;
    if (args.mode === 'nokill') comment += ':nokill reassign';
    else if (args.mode === 'soft') comment += ':soft reassign';
    const [code, message] = store.sendTaskCommand(taskId, taskCaller(caller), 'reassign', comment);
    return respond(code === 0, message, code);
  },

  'task/kill_unfinished_jobs': ({ args, caller, store }) => {
    const ids = store.jobIdsOfTask(Number(args.task_id));
    const code = args.code === null || args.code === undefined ? null : Number(args.code);
    return respond(true, '', store.killJobs(ids, taskCaller(caller), code));
  },

  'task/change_priority': ({ args, store }) => {
    const taskId = taskIdOf(args.task_id);
    if (typeof taskId !== 'number') return taskId;
    const changed = store.changeTaskPriority(taskId, Number(args.priority));
    return changed ? respond(true, `${changed} tasks changed`) : respond(false, 'Task not found');
  },

  'task/change_attribute': ({ args, store }) => {
    const valid = ['ramCount', 'wallTime', 'cpuTime', 'coreCount'];
    const name = String(args.attribute_name);
    if (!valid.includes(name)) {
      return respond(
        false,
        `${name} is not a valid attribute. Valid attributes are ['${valid.join("', '")}']`,
      );
    }
    const changed = store.changeTaskAttribute(Number(args.task_id), name, args.value);
    return changed ? respond(true, `${changed} tasks changed`) : respond(false, 'Task not found');
  },

  'task/change_modification_time': ({ args, store, now }) => {
    const when = new Date(now.getTime() + Number(args.hour_offset) * 3600 * 1000);
    const changed = store.changeTaskAttribute(Number(args.task_id), 'modificationTime', when);
    return changed ? respond(true, `${changed} tasks changed`) : respond(false, 'Task not found');
  },

  'task/submit': ({ args, caller, store }) => {
    const [code, message, taskId] = store.submitTask(
      args.task_parameters as Record<string, unknown>,
      taskCaller(caller),
      args.parent_tid === null || args.parent_tid === undefined ? null : Number(args.parent_tid),
    );
    if (code !== 0) return respond(false, message, code);
    return respond(true, message, taskId);
  },
};
