import type { ListPath } from './result-shapes';

/**
 * The list of records inside PanDA's `data`, as one sequence even when it is spread over several
 * containers (`data[].files`: the files of every dataset, in order), and the same data rebuilt with only a
 * window of that sequence. Only the containers on the path are copied; nothing is mutated.
 */

type Slot = unknown[] | Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isSlot(value: unknown, kind: ListPath['kind']): value is Slot {
  return kind === 'array' ? Array.isArray(value) : isObject(value);
}

function slotsAt(node: unknown, via: readonly string[], kind: ListPath['kind'], into: Slot[]): void {
  if (via.length === 0) {
    if (isSlot(node, kind)) into.push(node);
    return;
  }
  const [step, ...rest] = via;
  if (step === '[]') {
    if (Array.isArray(node)) for (const element of node) slotsAt(element, rest, kind, into);
  } else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, step)) {
    slotsAt(node[step], rest, kind, into);
  }
}

function sizeOf(slot: Slot): number {
  return Array.isArray(slot) ? slot.length : Object.keys(slot).length;
}

/** The records of one list, read in order without copying them. */
export class RecordList {
  private readonly slots: Slot[] = [];
  /** Each map slot's keys, read once. */
  private readonly keys = new Map<Slot, string[]>();
  readonly total: number;

  constructor(
    private readonly data: unknown,
    private readonly path: ListPath,
  ) {
    slotsAt(data, path.via, path.kind, this.slots);
    let total = 0;
    for (const slot of this.slots) total += sizeOf(slot);
    this.total = total;
  }

  /** Whether the data has the list where the path says (PanDA may answer another shape, e.g. on errors). */
  get found(): boolean {
    return this.slots.length > 0;
  }

  private keysOf(slot: Record<string, unknown>): string[] {
    let keys = this.keys.get(slot);
    if (!keys) this.keys.set(slot, (keys = Object.keys(slot)));
    return keys;
  }

  /** The records from `offset` on, lazily. */
  *from(offset: number): Generator<unknown> {
    let start = 0;
    for (const slot of this.slots) {
      const size = sizeOf(slot);
      if (offset < start + size) {
        const first = Math.max(0, offset - start);
        if (Array.isArray(slot)) for (let i = first; i < size; i++) yield slot[i];
        else {
          const keys = this.keysOf(slot);
          for (let i = first; i < size; i++) yield slot[keys[i]];
        }
      }
      start += size;
    }
  }

  /**
   * The data with the list replaced by `shown`: the (re-viewed) records from `offset` on, in order. Map
   * lists keep their keys; containers that hold no shown record keep their other fields with an empty list.
   */
  window(offset: number, shown: readonly unknown[]): unknown {
    let start = 0;
    const end = offset + shown.length;
    const replace = (slot: Slot): Slot => {
      const size = sizeOf(slot);
      const first = Math.max(offset, start);
      const last = Math.min(end, start + size);
      const base = start;
      start += size;
      if (Array.isArray(slot)) return first < last ? shown.slice(first - offset, last - offset) : [];
      const keys = this.keysOf(slot);
      // fromEntries defines own properties, so a key such as "__proto__" stays a key
      const entries: Array<[string, unknown]> = [];
      for (let i = first; i < last; i++) entries.push([keys[i - base], shown[i - offset]]);
      return Object.fromEntries(entries);
    };
    return rebuild(this.data, this.path.via, this.path.kind, replace);
  }
}

function rebuild(
  node: unknown,
  via: readonly string[],
  kind: ListPath['kind'],
  replace: (slot: Slot) => Slot,
): unknown {
  if (via.length === 0) return isSlot(node, kind) ? replace(node) : node;
  const [step, ...rest] = via;
  if (step === '[]')
    return Array.isArray(node) ? node.map((element) => rebuild(element, rest, kind, replace)) : node;
  if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, step)) return node;
  return { ...node, [step]: rebuild(node[step], rest, kind, replace) };
}
