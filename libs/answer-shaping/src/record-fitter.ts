import type { ListEntry, RecordList } from './list-window';
import { count, withShortStrings } from './result-size';

/** How many records fit from the offset on, and how they look. */
export interface FittedRecords {
  shown: unknown[];
  /** The result budget stopped the part before the caller's limit or the end of the list. */
  cutByBudget: boolean;
  /** Set when the one record shown had its long strings shortened to fit. */
  shortenedTo?: number;
  /** Set when the one record shown is a placeholder: not even shortened did it fit. */
  omittedBytes?: number;
}

/** Tried in turn when not even the first record fits whole. */
const SHORTENED_LENGTHS = [2000, 500, 100];

export interface FitOptions {
  offset: number;
  limit: number;
  /** Bytes left for records once the rest of the result is counted. */
  room: number;
  view: (record: unknown) => unknown;
  /** What the viewed record adds to the result (its key included, for map lists). */
  costOf: (viewed: unknown, entry: ListEntry) => number;
  /** What a record's container adds when it is the first shown of that container. */
  containerCost: (entry: ListEntry) => number;
  /** The identity field to keep in a placeholder (e.g. PandaID). */
  identity?: string;
}

/** What stands for a record too large to show even shortened: its id (if any) and its size. */
function placeholderOf(
  viewed: unknown,
  bytes: number,
  identity: string | undefined,
): Record<string, unknown> {
  const placeholder: Record<string, unknown> = {};
  if (
    identity &&
    viewed !== null &&
    typeof viewed === 'object' &&
    Object.prototype.hasOwnProperty.call(viewed, identity)
  ) {
    placeholder[identity] = (viewed as Record<string, unknown>)[identity];
  }
  placeholder.omitted = `${count(bytes)} bytes, larger than the result budget`;
  return placeholder;
}

/**
 * Takes records from `offset` on while they fit in `room` bytes and the caller's `limit` allows. Only the
 * records looked at are viewed and measured: the cost is linear in what is shown, not in PanDA's answer.
 * When not even the first fits, it is shown with long strings shortened or, failing that, as a
 * placeholder, so that every part moves on by at least one record.
 */
export function fitRecords(list: RecordList, options: FitOptions): FittedRecords {
  const shown: unknown[] = [];
  let used = 0;
  let lastSlot = -1;
  let first: { viewed: unknown; entry: ListEntry; cost: number } | undefined;
  for (const entry of list.from(options.offset)) {
    if (shown.length >= options.limit) return { shown, cutByBudget: false };
    const viewed = options.view(entry.value);
    const cost = options.costOf(viewed, entry) + (entry.slot !== lastSlot ? options.containerCost(entry) : 0);
    if (used + cost > options.room) {
      if (shown.length === 0) first = { viewed, entry, cost };
      break;
    }
    shown.push(viewed);
    used += cost;
    lastSlot = entry.slot;
  }
  const reachedEnd = options.offset + shown.length >= list.total;
  if (reachedEnd || shown.length >= options.limit) return { shown, cutByBudget: false };
  if (shown.length > 0 || first === undefined) return { shown, cutByBudget: true };
  const more = options.limit > 1 && options.offset + 1 < list.total;
  const container = options.containerCost(first.entry);
  for (const length of SHORTENED_LENGTHS) {
    const shortened = withShortStrings(first.viewed, length);
    if (options.costOf(shortened, first.entry) + container <= options.room) {
      return { shown: [shortened], cutByBudget: more, shortenedTo: length };
    }
  }
  const bytes = first.cost;
  return {
    shown: [placeholderOf(first.viewed, bytes, options.identity)],
    cutByBudget: more,
    omittedBytes: bytes,
  };
}
