import { normaliseDiagnostic } from './diagnostic-normaliser';
import { errorCodeOf } from './error-code.value';

/** One error field of PanDA's job record: which component sets it, and where it explains itself. */
export interface ErrorField {
  component: string;
  /** e.g. pilotErrorCode */
  codeField: string;
  /** e.g. pilotErrorDiag; undefined for transExitCode */
  diagField?: string;
}

/** A failure cause as people read it: which component reported which code, and with which text. */
export interface FailureGroup {
  component: string;
  field: string;
  code: number | string;
  count: number;
  /** Of all failed jobs looked at, 0..1. */
  share: number;
  /** The sites with the most jobs of this group, most first. */
  sites: Array<{ site: string; count: number }>;
  firstTime?: string;
  lastTime?: string;
  examplePandaIds: unknown[];
  /** The normalised diagnostics under this code, most frequent first. */
  diagnostics: Array<{ text: string; count: number }>;
  /** Other error codes set on the same jobs ("pilot 1305 with exe 65"), most frequent first. */
  alsoSet: Array<{ field: string; code: number | string; count: number }>;
}

export interface FailureSummary {
  /** Failed jobs looked at. */
  failedJobs: number;
  groups: FailureGroup[];
  /** Failed jobs of groups beyond the ones listed (counted, not described). */
  otherGroupsJobs: number;
  otherGroups: number;
  /** Failed jobs with no error code set at all. */
  withoutCode: number;
}

export interface GroupingLimits {
  maxGroups: number;
  maxSites: number;
  maxExamples: number;
  maxDiagnostics: number;
  maxAlsoSet: number;
}

export const DEFAULT_GROUPING_LIMITS: GroupingLimits = {
  maxGroups: 20,
  maxSites: 5,
  maxExamples: 3,
  maxDiagnostics: 3,
  maxAlsoSet: 3,
};

type Job = Record<string, unknown>;

interface Tally {
  field: ErrorField;
  code: number | string;
  count: number;
  sites: Map<string, number>;
  first?: string;
  last?: string;
  examples: unknown[];
  diagnostics: Map<string, number>;
  alsoSet: Map<string, { field: string; code: number | string; count: number }>;
}

function top<T>(entries: Iterable<T>, count: (item: T) => number, limit: number): T[] {
  return [...entries].sort((a, b) => count(b) - count(a)).slice(0, limit);
}

/** The error codes set on a job, in the order of `fields`: the first is the failure's group. */
export function errorsSet(
  job: Job,
  fields: readonly ErrorField[],
): Array<{ field: ErrorField; code: number | string }> {
  return fields
    .map((field) => ({ field, code: errorCodeOf(job[field.codeField]) }))
    .filter((entry): entry is { field: ErrorField; code: number | string } => entry.code !== undefined);
}

/**
 * Groups failed jobs by their first error set, in the order of `fields` (the component that reported the
 * failure first), with the normalised diagnostic as a sub-grouping. One pass, memory bounded by the
 * number of distinct causes (diagnostics are normalised, so a task's thousands of jobs make few texts).
 */
export function groupFailures(
  jobs: Iterable<Job>,
  fields: readonly ErrorField[],
  limits: GroupingLimits = DEFAULT_GROUPING_LIMITS,
): FailureSummary {
  const tallies = new Map<string, Tally>();
  let failedJobs = 0;
  let withoutCode = 0;
  for (const job of jobs) {
    failedJobs++;
    const set = errorsSet(job, fields);
    if (set.length === 0) {
      withoutCode++;
      continue;
    }
    const [primary, ...others] = set;
    const key = `${primary.field.codeField}\u0000${primary.code}`;
    let tally = tallies.get(key);
    if (!tally) {
      tally = {
        field: primary.field,
        code: primary.code,
        count: 0,
        sites: new Map(),
        examples: [],
        diagnostics: new Map(),
        alsoSet: new Map(),
      };
      tallies.set(key, tally);
    }
    tally.count++;
    const site = typeof job.computingSite === 'string' ? job.computingSite : '(unknown)';
    tally.sites.set(site, (tally.sites.get(site) ?? 0) + 1);
    const time =
      typeof job.endTime === 'string'
        ? job.endTime
        : typeof job.modificationTime === 'string'
          ? job.modificationTime
          : undefined;
    if (time !== undefined) {
      if (tally.first === undefined || time < tally.first) tally.first = time;
      if (tally.last === undefined || time > tally.last) tally.last = time;
    }
    if (tally.examples.length < limits.maxExamples) tally.examples.push(job.PandaID);
    const diag = primary.field.diagField ? normaliseDiagnostic(job[primary.field.diagField]) : '';
    if (diag) tally.diagnostics.set(diag, (tally.diagnostics.get(diag) ?? 0) + 1);
    for (const other of others) {
      const otherKey = `${other.field.codeField}\u0000${other.code}`;
      const seen = tally.alsoSet.get(otherKey);
      if (seen) seen.count++;
      else tally.alsoSet.set(otherKey, { field: other.field.codeField, code: other.code, count: 1 });
    }
  }
  const ranked = top(tallies.values(), (t) => t.count, Number.POSITIVE_INFINITY);
  const shown = ranked.slice(0, limits.maxGroups);
  const hidden = ranked.slice(limits.maxGroups);
  return {
    failedJobs,
    groups: shown.map((t) => ({
      component: t.field.component,
      field: t.field.codeField,
      code: t.code,
      count: t.count,
      share: failedJobs ? Math.round((t.count / failedJobs) * 1000) / 1000 : 0,
      sites: top(t.sites, ([, n]) => n, limits.maxSites).map(([site, count]) => ({ site, count })),
      ...(t.first !== undefined ? { firstTime: t.first, lastTime: t.last } : {}),
      examplePandaIds: t.examples,
      diagnostics: top(t.diagnostics, ([, n]) => n, limits.maxDiagnostics).map(([text, count]) => ({
        text,
        count,
      })),
      alsoSet: top(t.alsoSet.values(), (a) => a.count, limits.maxAlsoSet),
    })),
    otherGroups: hidden.length,
    otherGroupsJobs: hidden.reduce((n, t) => n + t.count, 0),
    withoutCode,
  };
}
