import { textBlock as text } from '@panda-mcp/answer-shaping';
import {
  checkArguments,
  OwnParameter,
  OwnTool,
  OwnToolContext,
  outcomeProblem,
  ownAnswer,
  PandaCaller,
} from './own-tool';

/** Below this many ended jobs a site's failed fraction says little, so it is ranked after the others. */
const ENDED_JOBS_FOR_A_FRACTION = 10;
const QUEUED_STATES = ['defined', 'assigned', 'activated', 'throttled', 'waiting', 'pending', 'starting'];

/** A PanDA queue (site) name as the tool and the queue_health prompt accept it. */
export const QUEUE_NAME: OwnParameter = {
  kind: 'string',
  pattern: /^[A-Za-z0-9_.-]{1,128}$/,
  shape: 'a PanDA queue name (letters, digits, _ . -)',
};

const PARAMETERS: Record<string, OwnParameter> = {
  site: QUEUE_NAME,
  time_window: { kind: 'integer', min: 1, max: 10080 },
  limit: { kind: 'integer', min: 1, max: 50 },
};

interface SiteLine {
  site: string;
  jobs: number;
  byState: Record<string, number>;
  /** Jobs waiting to start (defined to starting). */
  queued: number;
  /** failed / (finished + failed), rounded to 0.001; absent when nothing ended in the window. */
  failedFraction?: number;
}

/** PanDA's statistics nest a few levels (queue, share, resource type, state); deeper is not counts. */
const MAX_LEVELS = 8;

/** Adds up the counts under one site whatever the levels between (resource types, shares). */
function addCounts(into: Record<string, number>, node: unknown, state?: string, level = 0): void {
  if (typeof node === 'number' && Number.isFinite(node) && state !== undefined) {
    into[state] = (into[state] ?? 0) + node;
    return;
  }
  if (level >= MAX_LEVELS || node === null || typeof node !== 'object' || Array.isArray(node)) return;
  for (const [key, child] of Object.entries(node)) addCounts(into, child, key, level + 1);
}

function siteLine(site: string, node: unknown): SiteLine {
  const byState: Record<string, number> = {};
  addCounts(byState, node);
  const count = (state: string) => byState[state] ?? 0;
  const finished = count('finished');
  const failed = count('failed');
  const line: SiteLine = {
    site,
    jobs: Object.values(byState).reduce((n, c) => n + c, 0),
    queued: QUEUED_STATES.reduce((n, state) => n + count(state), 0),
    // largest counts first, so a reader sees what dominates
    byState: Object.fromEntries(Object.entries(byState).sort(([, a], [, b]) => b - a)),
  };
  if (finished + failed > 0) line.failedFraction = Math.round((1000 * failed) / (finished + failed)) / 1000;
  return line;
}

const failedOf = (line: SiteLine) => line.byState.failed ?? 0;
const endedOf = (line: SiteLine) => (line.byState.finished ?? 0) + failedOf(line);

/** Worst first: sites with enough ended jobs by failed fraction, then the others by failed count. */
function worstFirst(a: SiteLine, b: SiteLine): number {
  const enough = (line: SiteLine) => Number(endedOf(line) >= ENDED_JOBS_FOR_A_FRACTION);
  return (
    enough(b) - enough(a) ||
    (b.failedFraction ?? 0) - (a.failedFraction ?? 0) ||
    failedOf(b) - failedOf(a) ||
    a.site.localeCompare(b.site)
  );
}

/**
 * `site_overview`: how PanDA queues are doing. One statistics_job_stats_by_site_and_resource_type call
 * (job counts by queue and state: active jobs and those that ended within the window), summed over
 * resource types, with each queue's failed fraction; one queue, or the worst ones.
 */
export function siteOverviewTool(): OwnTool {
  return {
    listing: {
      name: 'site_overview',
      title: 'Queue health',
      description:
        'Job counts by state of one queue (site), or of the worst by failed fraction of jobs ended in ' +
        "time_window (minutes). panda-mcp's own: one statistics_job_stats_by_site_and_resource_type call.",
      inputSchema: {
        type: 'object',
        properties: {
          site: { type: 'string' },
          time_window: { type: 'integer', minimum: 1, maximum: 10080 },
          limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
        },
      },
      annotations: { readOnlyHint: true },
    },
    check: (args) => checkArguments(args, PARAMETERS),
    async run(args, panda: PandaCaller, context: OwnToolContext = {}) {
      const site = args.site as string | undefined;
      const limit = (args.limit as number | undefined) ?? 10;
      const window = args.time_window as number | undefined;
      const answer = await panda.call(
        'statistics_job_stats_by_site_and_resource_type',
        window === undefined ? {} : { time_window: window },
      );
      if (answer.kind !== 'ok') {
        return {
          isError: true,
          content: [
            text(
              `Cannot read the queue statistics: ${outcomeProblem('statistics_job_stats_by_site_and_resource_type', answer)}`,
            ),
          ],
        };
      }
      const data = answer.data;
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        return {
          isError: true,
          content: [text('PanDA answered the job statistics with something other than counts by queue')],
        };
      }
      const lines = Object.entries(data as Record<string, unknown>).map(([name, node]) =>
        siteLine(name, node),
      );
      const windowText = window === undefined ? "PanDA's default window" : `the last ${window} minutes`;
      if (site !== undefined) {
        const line =
          lines.find((l) => l.site === site) ??
          lines.find((l) => l.site.toLowerCase() === site.toLowerCase());
        if (!line) {
          const like = lines
            .map((l) => l.site)
            .filter((name) => name.toLowerCase().includes(site.toLowerCase().slice(0, 4)))
            .slice(0, 10);
          return {
            isError: true,
            content: [
              text(
                `PanDA reports no jobs at queue ${site} (active, or ended in ${windowText}) among ${lines.length} queues` +
                  (like.length ? `; similar names: ${like.join(', ')}` : '') +
                  '. Call site_overview without site for the worst queues.',
              ),
            ],
          };
        }
        const rank = [...lines].sort(worstFirst).indexOf(line) + 1;
        const body = {
          window: windowText,
          queue: line,
          rank: `${rank} of ${lines.length} queues by failed fraction (1 = worst)`,
          next: [
            `metaconfig_get_site_specs for the queue's configuration`,
            `statistics_job_stats_by_site_share_and_resource_type for its jobs by global share`,
          ],
        };
        return ownAnswer(body, context);
      }
      const total = lines.reduce(
        (sum, l) => ({
          jobs: sum.jobs + l.jobs,
          finished: sum.finished + (l.byState.finished ?? 0),
          failed: sum.failed + failedOf(l),
        }),
        { jobs: 0, finished: 0, failed: 0 },
      );
      const shown = [...lines].sort(worstFirst).slice(0, limit);
      const body = {
        window: windowText,
        all: {
          queues: lines.length,
          ...total,
          ...(total.finished + total.failed > 0
            ? { failedFraction: Math.round((1000 * total.failed) / (total.finished + total.failed)) / 1000 }
            : {}),
        },
        shown:
          shown.length < lines.length
            ? `the worst ${shown.length} of ${lines.length} queues`
            : `all ${lines.length} queues`,
        ranking: `by failed fraction of ended jobs; queues with fewer than ${ENDED_JOBS_FOR_A_FRACTION} ended jobs come last`,
        queues: shown,
        ...(shown[0] && failedOf(shown[0])
          ? { next: [`site_overview {"site": "${shown[0].site}"} for one queue`] }
          : {}),
      };
      return ownAnswer(body, context);
    },
  };
}
