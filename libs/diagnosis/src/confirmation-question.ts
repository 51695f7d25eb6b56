import { shorten } from '@panda-mcp/common';
import { destructiveEffect, hiddenArguments } from '@panda-mcp/endpoint-registry';
import { outcomeProblem, PandaCaller } from './own-tool';
import { parseStatistics } from './task-diagnosis.tool';

/** Tasks and jobs looked up for one question; the rest are counted. */
export const MAX_TASKS_DESCRIBED = 3;
export const MAX_JOBS_DESCRIBED = 10;
/** Longest question: a person reads it in a dialog. */
export const MAX_QUESTION_LENGTH = 2000;

const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

function idsOf(value: unknown): number[] {
  if (isId(value)) return [value];
  return Array.isArray(value) ? value.filter(isId) : [];
}

/**
 * A value from PanDA on one line: names come from whoever made the task, so line breaks and control
 * characters are flattened and cannot add lines of their own to the question.
 */
function text(value: unknown, max = 80): string | undefined {
  if (typeof value !== 'string') return undefined;
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  return flat !== '' && flat !== 'NULL' ? shorten(flat, max) : undefined;
}

/** "15000 finished, 2000 failed" (largest first), from PanDA's "status*count,..." statistics. */
function jobCounts(statistics: unknown): string | undefined {
  const counts = Object.entries(parseStatistics(statistics)).sort((a, b) => b[1] - a[1]);
  if (counts.length === 0) return undefined;
  const total = counts.reduce((n, [, c]) => n + c, 0);
  return `${total} jobs: ${counts.map(([status, count]) => `${count} ${status}`).join(', ')}`;
}

async function describeTask(taskId: number, panda: PandaCaller): Promise<string> {
  const details = await panda.call('task_get_details', { task_id: taskId, include_status: true });
  if (details.kind === 'not_served') {
    const status = await panda.call('task_get_status', { task_id: taskId });
    if (status.kind === 'ok') return `Task ${taskId} is ${text(status.data) ?? 'in an unknown state'}.`;
  }
  if (details.kind !== 'ok') {
    return `Task ${taskId}: its state could not be read (${shorten(outcomeProblem('task_get_details', details), 200)}).`;
  }
  const info = (details.data ?? {}) as Record<string, unknown>;
  const name = text(info.taskName, 120);
  const owner = text(info.userName);
  const status = text(info.status) ?? 'in an unknown state';
  const counts = jobCounts(info.statistics);
  return (
    `Task ${taskId}${name ? ` "${name}"` : ''}${owner ? ` of ${owner}` : ''} is ${status}` +
    (counts ? ` (${counts})` : '') +
    '.'
  );
}

async function describeJobs(jobIds: number[], panda: PandaCaller): Promise<string> {
  const shown = jobIds.slice(0, MAX_JOBS_DESCRIBED);
  const more =
    jobIds.length > shown.length ? `; and ${jobIds.length - shown.length} more, not looked up` : '';
  const answer = await panda.call('job_get_description_incl_archive', { job_ids: shown });
  if (answer.kind !== 'ok' || !Array.isArray(answer.data)) {
    const why =
      answer.kind === 'ok'
        ? "PanDA's answer is not a list of jobs"
        : outcomeProblem('job_get_description_incl_archive', answer);
    return `Jobs ${shown.join(', ')}${more}: their state could not be read (${shorten(why, 200)}).`;
  }
  const byId = new Map<unknown, Record<string, unknown>>();
  for (const job of answer.data as unknown[]) {
    if (job && typeof job === 'object')
      byId.set((job as Record<string, unknown>).PandaID, job as Record<string, unknown>);
  }
  const lines = shown.map((id) => {
    const record = byId.get(id);
    if (!record) return `${id}: unknown to PanDA`;
    const where = text(record.computingSite);
    const owner = text(record.prodUserName);
    const task = isId(record.jediTaskID) ? ` of task ${record.jediTaskID}` : '';
    return `${id} ${text(record.jobStatus) ?? 'in an unknown state'}${where ? ` at ${where}` : ''}${task}${owner ? `, owner ${owner}` : ''}`;
  });
  return `Jobs (${jobIds.length}): ${lines.join('; ')}${more}.`;
}

/**
 * The question put to a person before a destructive call: the call, what PanDA reports about the tasks or
 * jobs it acts on (owner, state, job counts; read with the caller's own credentials), and what the call
 * does that cannot be undone.
 */
export async function confirmationQuestion(
  toolName: string,
  args: Record<string, unknown>,
  panda: PandaCaller,
): Promise<string> {
  const facts: string[] = [];
  const taskIds = [...idsOf(args.task_id), ...idsOf(args.task_id_list)];
  for (const taskId of taskIds.slice(0, MAX_TASKS_DESCRIBED)) facts.push(await describeTask(taskId, panda));
  if (taskIds.length > MAX_TASKS_DESCRIBED) {
    facts.push(`And ${taskIds.length - MAX_TASKS_DESCRIBED} more tasks, not looked up.`);
  }
  const jobIds = [...idsOf(args.job_ids), ...idsOf(args.job_id)];
  if (jobIds.length > 0) facts.push(await describeJobs(jobIds, panda));
  const shownArgs = { ...args };
  for (const name of hiddenArguments(toolName)) if (name in shownArgs) shownArgs[name] = '(hidden)';
  const head = `An agent asks panda-mcp to run ${toolName} ${shorten(JSON.stringify(shownArgs), 300)}.`;
  const tail = [destructiveEffect(toolName), 'Confirm to let PanDA do it; decline and nothing is done.'];
  // what happens and how to answer are never cut: only the facts give way
  const room = MAX_QUESTION_LENGTH - head.length - tail.join('\n').length - 2;
  return [head, shorten(facts.join('\n'), Math.max(room, 0)), ...tail]
    .filter((line) => line !== '')
    .join('\n');
}
