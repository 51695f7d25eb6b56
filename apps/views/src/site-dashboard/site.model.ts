import { Bar, bars, formatCount } from '../common/bars';
import { arrayOf, Loose, numberOf, objectOf, stringOf } from '../common/loose-data';

/** What the queue view draws, from site_overview's structuredContent (all queues, or one). Pure. */

export interface QueueDetail {
  site: string;
  rank: string;
  jobs: number;
  states: Bar[];
}

export interface SiteModel {
  window: string;
  summary: string;
  /** The queues shown, worst first, as failed fractions of their ended jobs. */
  queues: Bar[];
  shown: string;
  /** One queue's jobs by state: site_overview asked for one queue. */
  detail?: QueueDetail;
}

const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;

function ended(line: Loose): { finished: number; failed: number } {
  const byState = objectOf(line.byState);
  return { finished: numberOf(byState.finished), failed: numberOf(byState.failed) };
}

export function queueDetail(structured: unknown): QueueDetail | undefined {
  const data = objectOf(structured);
  const queue = objectOf(data.queue);
  if (!stringOf(queue.site)) return undefined;
  const states = Object.entries(objectOf(queue.byState))
    .map(([label, value]) => ({ label, value: numberOf(value) }))
    .filter((e) => e.value > 0)
    .sort((a, b) => b.value - a.value);
  return {
    site: stringOf(queue.site),
    rank: stringOf(data.rank),
    jobs: numberOf(queue.jobs),
    states: bars(states),
  };
}

export function siteModel(structured: unknown): SiteModel {
  const data = objectOf(structured);
  const all = objectOf(data.all);
  const lines = arrayOf(data.queues).map(objectOf);
  const queues = bars(
    lines.map((line) => {
      const { finished, failed } = ended(line);
      const fraction = numberOf(line.failedFraction);
      return {
        label: stringOf(line.site),
        value: fraction,
        text:
          finished + failed
            ? `${percent(fraction)} (${formatCount(failed)} of ${formatCount(finished + failed)})`
            : 'none ended',
      };
    }),
    1,
  );
  const detail = queueDetail(structured);
  const summary = detail
    ? `${formatCount(detail.jobs)} jobs`
    : `${formatCount(numberOf(all.queues))} queues · ${formatCount(numberOf(all.jobs))} jobs` +
      (typeof all.failedFraction === 'number'
        ? ` · ${percent(all.failedFraction)} of ended jobs failed`
        : '');
  return {
    window: stringOf(data.window),
    summary,
    queues,
    shown: stringOf(data.shown),
    ...(detail ? { detail } : {}),
  };
}
