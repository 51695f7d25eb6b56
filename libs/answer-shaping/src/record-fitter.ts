import type { RecordList } from './list-window';
import { withShortStrings } from './result-size';

/** How many leading records fit, and how they look. */
export interface FittedRecords {
  shown: unknown[];
  /** The result budget stopped the page before the caller's limit or the end of the list. */
  cutByBudget: boolean;
  /** Set when the one record shown had its long strings shortened to fit. */
  shortenedTo?: number;
}

/** Tried in turn when not even the first record fits whole. */
const SHORTENED_LENGTHS = [2000, 500, 100];

/**
 * Takes records from `offset` on while they fit in `room` bytes (each costs `costOf` of its view) and the
 * caller's `limit` allows. Only the records looked at are viewed and measured: the cost is linear in what
 * is shown, not in the size of PanDA's answer.
 */
export function fitRecords(
  list: RecordList,
  options: {
    offset: number;
    limit: number;
    room: number;
    view: (record: unknown) => unknown;
    costOf: (viewed: unknown) => number;
  },
): FittedRecords {
  const shown: unknown[] = [];
  let used = 0;
  let first: unknown;
  for (const record of list.from(options.offset)) {
    if (shown.length >= options.limit) return { shown, cutByBudget: false };
    const viewed = options.view(record);
    const cost = options.costOf(viewed);
    if (used + cost > options.room) {
      if (shown.length === 0) first = viewed;
      break;
    }
    shown.push(viewed);
    used += cost;
  }
  const reachedEnd = options.offset + shown.length >= list.total;
  if (reachedEnd || shown.length >= options.limit) return { shown, cutByBudget: false };
  if (shown.length === 0 && first !== undefined) {
    for (const length of SHORTENED_LENGTHS) {
      const shortened = withShortStrings(first, length);
      if (options.costOf(shortened) <= options.room) {
        const more = options.limit > 1 && options.offset + 1 < list.total;
        return { shown: [shortened], cutByBudget: more, shortenedTo: length };
      }
    }
  }
  return { shown, cutByBudget: true };
}
