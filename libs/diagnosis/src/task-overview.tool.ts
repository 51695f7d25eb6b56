import { textBlock as text } from '@panda-mcp/answer-shaping';
import { checkArguments, OwnParameter, OwnTool, outcomeProblem, PandaCaller } from './own-tool';

/** Task states that need the owner's attention: the task stopped without finishing its work. */
const STOPPED_STATES = new Set(['failed', 'broken', 'exhausted', 'aborted', 'tobroken', 'toabort']);
/** A running task whose jobs fail this often (percent) is listed among those needing attention. */
const FAILURE_RATE_WORTH_A_LOOK = 10;
const NAME_LENGTH = 120;
const DIALOG_LENGTH = 200;

const PARAMETERS: Record<string, OwnParameter> = {
  days: { kind: 'integer', min: 1, max: 30 },
  limit: { kind: 'integer', min: 1, max: 100 },
  prod_source_label: { kind: 'string', oneOf: ['user', 'managed'] },
};

type TaskRecord = Record<string, unknown>;

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const shortened = (value: unknown, length: number): string | undefined =>
  typeof value === 'string' && value !== '' && value !== 'NULL'
    ? value.length > length
      ? `${value.slice(0, length - 1)}…`
      : value
    : undefined;

/** PanDA's time format for `since` ('YYYY-MM-DD HH:MM:SS', UTC). */
function pandaTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function needsAttention(task: TaskRecord): boolean {
  return (
    STOPPED_STATES.has(String(task.status)) || (numberOf(task.failureRate) ?? 0) >= FAILURE_RATE_WORTH_A_LOOK
  );
}

/** The few fields an overview line needs; the whole record is one task_get_details call away. */
function overviewLine(task: TaskRecord): TaskRecord {
  const line: TaskRecord = { jediTaskID: task.jediTaskID, status: task.status };
  const fields: Array<[string, unknown]> = [
    ['taskName', shortened(task.taskName, NAME_LENGTH)],
    ['progress', numberOf(task.progress)],
    ['failureRate', numberOf(task.failureRate)],
    ['modificationTime', shortened(task.modificationTime, 40)],
    ['errorDialog', shortened(task.errorDialog, DIALOG_LENGTH)],
  ];
  for (const [field, value] of fields) if (value !== undefined) line[field] = value;
  return line;
}

/** Those needing attention first (stopped, then by failure rate), then the most recently changed. */
function byAttention(a: TaskRecord, b: TaskRecord): number {
  const attention = Number(needsAttention(b)) - Number(needsAttention(a));
  if (attention) return attention;
  const stopped = Number(STOPPED_STATES.has(String(b.status))) - Number(STOPPED_STATES.has(String(a.status)));
  if (stopped) return stopped;
  const rate = (numberOf(b.failureRate) ?? 0) - (numberOf(a.failureRate) ?? 0);
  if (rate && needsAttention(a)) return rate;
  return String(b.modificationTime ?? '').localeCompare(String(a.modificationTime ?? ''));
}

/**
 * `task_overview`: how the caller's recent tasks are doing. One task_get_tasks_modified_since call
 * (full records, the caller's own tasks as PanDA reads them from the token), condensed to counts by
 * status and one short line per task, those needing attention first.
 */
export function taskOverviewTool(now: () => Date = () => new Date()): OwnTool {
  return {
    listing: {
      name: 'task_overview',
      title: 'My recent tasks',
      description:
        'Your tasks changed in the last days (default 7): counts by status, one line each (progress, ' +
        "failure rate), troubled first. panda-mcp's own: one task_get_tasks_modified_since call.",
      inputSchema: {
        type: 'object',
        properties: {
          days: { type: 'integer', minimum: 1, maximum: 30 },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
          prod_source_label: { type: 'string', enum: ['user', 'managed'] },
        },
      },
      annotations: { readOnlyHint: true },
    },
    check: (args) => checkArguments(args, PARAMETERS),
    async run(args, panda: PandaCaller) {
      const days = (args.days as number | undefined) ?? 7;
      const limit = (args.limit as number | undefined) ?? 25;
      const label = (args.prod_source_label as string | undefined) ?? 'user';
      const since = pandaTime(new Date(now().getTime() - days * 86_400_000));
      const answer = await panda.call('task_get_tasks_modified_since', {
        since,
        full: true,
        prod_source_label: label,
      });
      if (answer.kind !== 'ok') {
        return {
          isError: true,
          content: [
            text(`Cannot list your tasks: ${outcomeProblem('task_get_tasks_modified_since', answer)}`),
          ],
        };
      }
      const data = answer.data;
      if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
        return {
          isError: true,
          content: [
            text('PanDA answered task_get_tasks_modified_since with something other than tasks by id'),
          ],
        };
      }
      const tasks = Object.values((data ?? {}) as Record<string, unknown>).filter(
        (task): task is TaskRecord => task !== null && typeof task === 'object' && 'jediTaskID' in task,
      );
      const byStatus: Record<string, number> = {};
      for (const task of tasks) byStatus[String(task.status)] = (byStatus[String(task.status)] ?? 0) + 1;
      const attention = tasks.filter(needsAttention);
      const shown = [...tasks].sort(byAttention).slice(0, limit).map(overviewLine);
      const next: string[] = [];
      const worst = attention.sort(byAttention)[0];
      if (worst) next.push(`task_diagnose with task_id ${String(worst.jediTaskID)} (why its jobs fail)`);
      if (tasks.length > shown.length) {
        const more =
          limit < 100
            ? `task_overview {"days": ${days}, "limit": ${Math.min(100, tasks.length)}, "prod_source_label": "${label}"} for more lines, or `
            : '';
        next.push(
          `${more}task_get_tasks_modified_since {"since": "${since}", "prod_source_label": "${label}"} for all of them`,
        );
      }
      const body = {
        since: `${since} UTC`,
        prodSourceLabel: label,
        tasks: { total: tasks.length, byStatus, needingAttention: attention.length },
        shown: shown.length < tasks.length ? `${shown.length} of ${tasks.length}` : `all ${tasks.length}`,
        lines: shown,
        ...(tasks.length === 0
          ? { note: `PanDA has no ${label} tasks of yours changed since ${since} UTC` }
          : {}),
        ...(next.length ? { next } : {}),
      };
      return { content: [text(JSON.stringify(body))] };
    },
  };
}
