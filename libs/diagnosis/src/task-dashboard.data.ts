/**
 * What the task dashboard view draws besides the diagnosis itself: how the jobs that ended did per site,
 * and when they ended. Computed from one list of a task's jobs (PanDA sends at most 5,500 of them), in one
 * pass, bounded whatever the task's size.
 */

type Job = Record<string, unknown>;

export interface SiteRow {
  site: string;
  /** Jobs of this site among the ones read, any state. */
  jobs: number;
  finished: number;
  failed: number;
  /** failed / (finished + failed), 0..1; 0 when none ended. */
  failedFraction: number;
}

export interface SiteTable {
  rows: SiteRow[];
  /** Sites beyond the listed ones (fewer failures). */
  otherSites: number;
}

export interface TimelinePoint {
  /** ISO time (UTC) of the bucket's start. */
  start: string;
  finished: number;
  failed: number;
}

export interface Timeline {
  bucketMinutes: number;
  points: TimelinePoint[];
}

export interface TaskDashboardExtras {
  /** Jobs the site table and timeline are drawn from, and the task's job count (they differ when capped). */
  jobsRead: number;
  sites: SiteTable;
  /** Absent when no job that ended has a time. */
  timeline?: Timeline;
}

export const MAX_SITE_ROWS = 15;
export const MAX_TIMELINE_POINTS = 48;
const BUCKET_MINUTES = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];

/** PanDA's times are "YYYY-MM-DD HH:MM:SS" in UTC, or ISO; anything else is no time. */
function timeOf(job: Job): number | undefined {
  const raw = typeof job.endTime === 'string' && job.endTime ? job.endTime : job.modificationTime;
  if (typeof raw !== 'string' || !/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(raw)) return undefined;
  const ms = Date.parse(`${raw.replace(' ', 'T').replace(/Z$/, '')}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

function siteTable(jobs: readonly Job[]): SiteTable {
  const bySite = new Map<string, SiteRow>();
  for (const job of jobs) {
    const site = typeof job.computingSite === 'string' && job.computingSite ? job.computingSite : '(unknown)';
    let row = bySite.get(site);
    if (!row) bySite.set(site, (row = { site, jobs: 0, finished: 0, failed: 0, failedFraction: 0 }));
    row.jobs++;
    if (job.jobStatus === 'finished') row.finished++;
    else if (job.jobStatus === 'failed') row.failed++;
  }
  const rows = [...bySite.values()]
    .map((row) => {
      const ended = row.finished + row.failed;
      return { ...row, failedFraction: ended ? Math.round((row.failed / ended) * 1000) / 1000 : 0 };
    })
    .sort(
      (a, b) => b.failed - a.failed || b.failedFraction - a.failedFraction || a.site.localeCompare(b.site),
    );
  return { rows: rows.slice(0, MAX_SITE_ROWS), otherSites: Math.max(0, rows.length - MAX_SITE_ROWS) };
}

function timeline(jobs: readonly Job[]): Timeline | undefined {
  const ended: Array<{ at: number; failed: boolean }> = [];
  for (const job of jobs) {
    if (job.jobStatus !== 'finished' && job.jobStatus !== 'failed') continue;
    const at = timeOf(job);
    if (at !== undefined) ended.push({ at, failed: job.jobStatus === 'failed' });
  }
  if (!ended.length) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const { at } of ended) {
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  const spanMinutes = (last - first) / 60_000;
  const bucketMinutes =
    BUCKET_MINUTES.find((m) => spanMinutes / m < MAX_TIMELINE_POINTS) ?? BUCKET_MINUTES.at(-1)!;
  const bucketMs = bucketMinutes * 60_000;
  const origin = Math.floor(first / bucketMs) * bucketMs;
  const count = Math.min(MAX_TIMELINE_POINTS, Math.floor((last - origin) / bucketMs) + 1);
  const points: TimelinePoint[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(origin + i * bucketMs).toISOString(),
    finished: 0,
    failed: 0,
  }));
  for (const { at, failed } of ended) {
    const point = points[Math.min(count - 1, Math.floor((at - origin) / bucketMs))];
    if (failed) point.failed++;
    else point.finished++;
  }
  return { bucketMinutes, points };
}

/** The site table and timeline of a list of a task's jobs. */
export function taskDashboardExtras(jobs: readonly Job[]): TaskDashboardExtras {
  const drawn = timeline(jobs);
  return { jobsRead: jobs.length, sites: siteTable(jobs), ...(drawn ? { timeline: drawn } : {}) };
}
