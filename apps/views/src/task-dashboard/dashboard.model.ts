import { Bar, bars, formatCount } from '../common/bars';
import { arrayOf, numberOf, objectOf, stringOf } from '../common/loose-data';

/**
 * What the task dashboard draws, from task_diagnose's structuredContent. Pure (no DOM, no SDK), so the
 * unit specs check it directly. Anything missing or of the wrong type is skipped, never guessed.
 */

export interface FailureGroupBar extends Bar {
  field: string;
  /** PanDA's codes are numbers, a few are words. */
  code: number | string;
  meaning: string;
}

export interface TimelineColumn {
  label: string;
  finished: number;
  failed: number;
  /** 0..1 of the largest bucket, for each part of the stacked column. */
  finishedSize: number;
  failedSize: number;
}

export interface DashboardModel {
  taskId: number | undefined;
  title: string;
  status: string;
  total: number;
  states: Bar[];
  groups: FailureGroupBar[];
  /** e.g. "groups from 5,500 of 6,400 failed jobs" */
  groupsNote?: string;
  sites: Bar[];
  sitesNote?: string;
  timeline: TimelineColumn[];
  timelineNote?: string;
  notes: string[];
}

/** "2026-11-30T14:00:00.000Z" as "11-30 14:00" (UTC), short enough for a column label. */
function shortTime(iso: string): string {
  const match = /^\d{4}-(\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

export function dashboardModel(structured: unknown): DashboardModel {
  const data = objectOf(structured);
  const task = objectOf(data.task);
  const jobs = objectOf(data.jobs);
  const failures = objectOf(data.failures);
  const dashboard = objectOf(data.dashboard);
  const taskId = typeof task.jediTaskID === 'number' ? task.jediTaskID : undefined;

  const byStatus = Object.entries(objectOf(jobs.byStatus))
    .map(([label, value]) => ({ label, value: numberOf(value) }))
    .filter((e) => e.value > 0)
    .sort((a, b) => b.value - a.value);

  const groups = arrayOf(failures.groups).map(objectOf);
  const groupBars = bars(
    groups.map((g) => ({ label: `${stringOf(g.component)} ${String(g.code)}`, value: numberOf(g.count) })),
  ).map((bar, i) => ({
    ...bar,
    field: stringOf(groups[i].field),
    code: typeof groups[i].code === 'string' ? stringOf(groups[i].code) : numberOf(groups[i].code),
    meaning: stringOf(groups[i].name) || stringOf(groups[i].meaning),
  }));
  const failedJobs = numberOf(failures.failedJobs);
  const read = numberOf(failures.read);

  const siteRows = arrayOf(objectOf(dashboard.sites).rows).map(objectOf);
  const siteBars = bars(
    siteRows.map((row) => ({
      label: stringOf(row.site),
      value: numberOf(row.failedFraction),
      text: `${Math.round(numberOf(row.failedFraction) * 100)}% (${formatCount(numberOf(row.failed))} of ${formatCount(
        numberOf(row.finished) + numberOf(row.failed),
      )})`,
    })),
    1,
  );
  const jobsRead = numberOf(dashboard.jobsRead);
  const total = byStatus.reduce((n, e) => n + e.value, 0) || numberOf(jobs.total);

  const timeline = objectOf(dashboard.timeline);
  const points = arrayOf(timeline.points).map(objectOf);
  const largest = Math.max(0, ...points.map((p) => numberOf(p.finished) + numberOf(p.failed)));
  const columns = points.map((p) => ({
    label: shortTime(stringOf(p.start)),
    finished: numberOf(p.finished),
    failed: numberOf(p.failed),
    finishedSize: largest ? numberOf(p.finished) / largest : 0,
    failedSize: largest ? numberOf(p.failed) / largest : 0,
  }));

  const sample =
    jobsRead && jobsRead < total ? ` (from ${formatCount(jobsRead)} of the ${formatCount(total)} jobs)` : '';
  return {
    taskId,
    title: stringOf(task.taskName) || (taskId !== undefined ? `Task ${taskId}` : 'Task'),
    status: stringOf(task.status),
    total,
    states: bars(byStatus),
    groups: groupBars,
    ...(read && read < failedJobs
      ? { groupsNote: `groups from ${formatCount(read)} of ${formatCount(failedJobs)} failed jobs` }
      : {}),
    sites: siteBars,
    ...(siteBars.length ? { sitesNote: `failed / ended jobs per site${sample}` } : {}),
    timeline: columns,
    ...(columns.length
      ? {
          timelineNote: `jobs ended per ${numberOf(timeline.bucketMinutes)} min, ${columns[0].label} to ${
            columns[columns.length - 1].label
          } UTC${sample}`,
        }
      : {}),
    notes: [
      ...arrayOf(data.notes).map(stringOf).filter(Boolean),
      ...(typeof data.dashboardProblem === 'string' ? [data.dashboardProblem] : []),
    ],
  };
}
