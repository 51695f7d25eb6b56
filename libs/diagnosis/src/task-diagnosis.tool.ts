import { PANDA_JOB_DESCRIPTION_CAP, textBlock as text } from '@panda-mcp/answer-shaping';
import type { ErrorCatalogue } from './error-catalogue';
import { FailureGroup, groupFailures } from './failure-groups';
import {
  checkIdArguments,
  failedJobsOf,
  jobRecordsOf,
  OwnTool,
  OwnToolContext,
  outcomeProblem,
  PandaCaller,
} from './own-tool';
import { taskDashboardExtras } from './task-dashboard.data';

/** "finished*3,failed*2" (PanDA's per-status job count in task_get_details) as a map. */
export function parseStatistics(statistics: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  if (typeof statistics !== 'string') return counts;
  for (const part of statistics.split(',')) {
    const match = /^\s*([A-Za-z_]+)\*(\d+)\s*$/.exec(part);
    if (match) counts[match[1]] = (counts[match[1]] ?? 0) + Number(match[2]);
  }
  return counts;
}

/** A failure group with what the catalogue says about its code. */
function explained(group: FailureGroup, catalogue: ErrorCatalogue) {
  const found = catalogue.lookup(group.field, group.code, group.diagnostics[0]?.text);
  const about = found?.known
    ? { name: found.name, meaning: found.meaning, hint: found.hint }
    : {
        meaning: `code ${group.code} of ${group.field} is not in panda-mcp's catalogue (unknown, not guessed)`,
      };
  return { ...group, ...about };
}

/** A task's jobs as PanDA lists them (any state, at most PANDA_JOB_DESCRIPTION_CAP), for the view. */
async function everyJobOf(taskId: number, panda: PandaCaller): Promise<JobsRead> {
  const jobs = await panda.call('task_get_job_descriptions', { task_id: taskId });
  if (jobs.kind !== 'ok' || !Array.isArray(jobs.data)) {
    return { problem: outcomeProblem('task_get_job_descriptions', jobs) };
  }
  return { jobs: jobRecordsOf(jobs.data), whole: jobs.data.length < PANDA_JOB_DESCRIPTION_CAP };
}

type JobsRead = { jobs: Array<Record<string, unknown>>; whole: boolean } | { problem: string };

/**
 * `task_diagnose`: why a task's jobs fail. Two PanDA calls with the caller's credentials:
 * task_get_details (job counts by status over all jobs) and task_get_job_descriptions with
 * unsuccessful_only (the failed jobs, at most 5,500 as PanDA sends them), grouped by cause. For a client
 * that draws the task dashboard, task_get_job_descriptions of every job instead (sites and times), and
 * unsuccessful_only as well only when PanDA cannot list every job in one answer.
 */
export function taskDiagnosisTool(catalogue: ErrorCatalogue): OwnTool {
  return {
    listing: {
      name: 'task_diagnose',
      title: 'Diagnose a task',
      description:
        "Why a task's jobs fail: counts by status, failed jobs grouped by component and code (diagnostics, " +
        "sites, times, examples), what each code means and what helps. panda-mcp's own: task_get_details and " +
        'task_get_job_descriptions (unsuccessful_only), one call each.',
      inputSchema: { type: 'object', properties: { task_id: { type: 'integer' } }, required: ['task_id'] },
      annotations: { readOnlyHint: true },
    },
    check: (args) => checkIdArguments(args, ['task_id']),
    async run(args, panda: PandaCaller, context: OwnToolContext = {}) {
      const taskId = args.task_id as number;
      const details = await panda.call('task_get_details', { task_id: taskId, include_status: true });
      if (details.kind !== 'ok') {
        return {
          isError: true,
          content: [text(`Cannot diagnose task ${taskId}: ${outcomeProblem('task_get_details', details)}`)],
        };
      }
      const info = (details.data ?? {}) as Record<string, unknown>;
      const byStatus = parseStatistics(info.statistics);
      const total = Object.values(byStatus).reduce((n, c) => n + c, 0);
      const notes: string[] = [];
      const failedTotal = byStatus.failed ?? 0;
      let failedJobs: Array<Record<string, unknown>> = [];
      // a view draws from every job; when PanDA sends them all, the failed ones are among them
      const everyJob = context.forView ? await everyJobOf(taskId, panda) : undefined;
      if (everyJob && 'jobs' in everyJob && everyJob.whole) {
        failedJobs = failedJobsOf(everyJob.jobs);
      } else if (failedTotal > 0) {
        const jobs = await panda.call('task_get_job_descriptions', {
          task_id: taskId,
          unsuccessful_only: true,
        });
        if (jobs.kind === 'ok' && Array.isArray(jobs.data)) {
          failedJobs = failedJobsOf(jobs.data);
          if (jobs.data.length >= PANDA_JOB_DESCRIPTION_CAP && failedJobs.length < failedTotal) {
            notes.push(
              `PanDA sends at most ${PANDA_JOB_DESCRIPTION_CAP} unsuccessful jobs of a task: the groups are from ${failedJobs.length} of the ${failedTotal} failed jobs; the counts by status are from all jobs`,
            );
          }
        } else {
          notes.push(
            `the failed jobs could not be read, so there are no failure groups: ${outcomeProblem('task_get_job_descriptions', jobs)}`,
          );
        }
      }
      const summary = groupFailures(failedJobs, catalogue.groupingFields());
      const groups = summary.groups.map((group) => explained(group, catalogue));
      const hints = Object.fromEntries(
        [...new Set(groups.map((g) => g.hint).filter((h): h is NonNullable<typeof h> => !!h))].map((h) => [
          h,
          catalogue.hintText(h),
        ]),
      );
      const examples = groups.flatMap((g) => g.examplePandaIds.slice(0, 1));
      const next: string[] = [];
      if (examples.length)
        next.push(`job_diagnose with panda_id ${examples[0]} (an example of the largest group)`);
      if (failedTotal > 0) {
        next.push(
          `task_get_job_descriptions {"task_id": ${taskId}, "unsuccessful_only": true, "mcp_fields": ["jobStatus", "pilotErrorCode", "exeErrorCode", "computingSite"]} for the failed jobs themselves`,
        );
      }
      const task: Record<string, unknown> = { jediTaskID: info.jediTaskID ?? taskId };
      for (const field of ['status', 'taskName', 'userName', 'superStatus', 'errorDialog']) {
        if (info[field] !== undefined && info[field] !== null && info[field] !== '')
          task[field] = info[field];
      }
      const body = {
        task,
        jobs: { total, byStatus },
        failures: {
          failedJobs: failedTotal,
          read: summary.failedJobs,
          groups,
          ...(summary.otherGroups
            ? { otherGroups: summary.otherGroups, otherGroupsJobs: summary.otherGroupsJobs }
            : {}),
          ...(summary.withoutCode ? { withoutCode: summary.withoutCode } : {}),
        },
        hints,
        ...(notes.length ? { notes } : {}),
        next,
      };
      const result = { content: [text(JSON.stringify(body))] };
      if (!everyJob) return result;
      // a client that draws the dashboard gets the same answer as data, and what only the drawing needs
      const view =
        'jobs' in everyJob
          ? { dashboard: taskDashboardExtras(everyJob.jobs) }
          : { dashboardProblem: `no sites or timeline: ${everyJob.problem}` };
      return { ...result, structuredContent: { ...body, ...view } };
    },
  };
}
