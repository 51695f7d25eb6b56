import { isPlainObject } from '@panda-mcp/common';
import type { ListPath } from './result-shapes';

/**
 * The list of records inside PanDA's `data`, as one sequence even when it is spread over several
 * containers (`data[].files`: the files of every dataset, in order), and the same data rebuilt with only a
 * window of that sequence. Only the containers on the path are copied; nothing is mutated.
 */

type Slot = unknown[] | Record<string, unknown>;

/** One record of the sequence, with where it sits. */
export interface ListEntry {
  value: unknown;
  /** The record's key, for lists that are maps. */
  key?: string;
  /** Which container (slot) holds it; a new slot may bring its container's other fields along. */
  slot: number;
}

function isSlot(value: unknown, kind: ListPath['kind']): value is Slot {
  return kind === 'array' ? Array.isArray(value) : isPlainObject(value);
}

const hasOwn = (node: Record<string, unknown>, key: string) =>
  Object.prototype.hasOwnProperty.call(node, key);

/** The records of one list, read in order without copying them. */
export class RecordList {
  private readonly slots: Slot[] = [];
  /** For paths through `[]`: the array element that holds each slot (its other fields travel with it). */
  private readonly owners: unknown[] = [];
  /** Each map slot's keys, read once. */
  private readonly keys = new Map<Slot, string[]>();
  private readonly sizes: number[] = [];
  readonly total: number;

  constructor(
    private readonly data: unknown,
    private readonly path: ListPath,
  ) {
    this.collect(data, path.via, undefined);
    let total = 0;
    for (const slot of this.slots) {
      const size = Array.isArray(slot) ? slot.length : this.keysOf(slot).length;
      this.sizes.push(size);
      total += size;
    }
    this.total = total;
  }

  private collect(node: unknown, via: readonly string[], owner: unknown): void {
    if (via.length === 0) {
      if (isSlot(node, this.path.kind)) {
        this.slots.push(node);
        this.owners.push(owner);
      }
      return;
    }
    const [step, ...rest] = via;
    if (step === '[]') {
      if (Array.isArray(node)) for (const element of node) this.collect(element, rest, element);
    } else if (isPlainObject(node) && hasOwn(node, step)) {
      this.collect(node[step], rest, owner);
    }
  }

  /** Whether the data has the list where the path says (PanDA may answer another shape). */
  get found(): boolean {
    return this.slots.length > 0;
  }

  private keysOf(slot: Record<string, unknown>): string[] {
    let keys = this.keys.get(slot);
    if (!keys) this.keys.set(slot, (keys = Object.keys(slot)));
    return keys;
  }

  /** The records from `offset` on, lazily. */
  *from(offset: number): Generator<ListEntry> {
    let start = 0;
    for (let s = 0; s < this.slots.length; s++) {
      const slot = this.slots[s];
      const size = this.sizes[s];
      if (offset < start + size) {
        const first = Math.max(0, offset - start);
        if (Array.isArray(slot)) for (let i = first; i < size; i++) yield { value: slot[i], slot: s };
        else {
          const keys = this.keysOf(slot);
          for (let i = first; i < size; i++) yield { value: slot[keys[i]], key: keys[i], slot: s };
        }
      }
      start += size;
    }
  }

  /**
   * The fields the container of slot `s` brings along when one of its records is shown (a dataset's name
   * and id beside its files), as a value to measure; undefined when the list is not inside an array.
   */
  ownerWithoutList(s: number): unknown {
    const owner = this.owners[s];
    if (!isPlainObject(owner)) return undefined;
    const via = this.path.via;
    const step = via[via.lastIndexOf('[]') + 1];
    return step === undefined ? undefined : { ...owner, [step]: [] };
  }

  /**
   * The data with the list replaced by `shown`: the (re-viewed) records from `offset` on, in order. Map
   * lists keep their keys. Inside an array (`data[].files`) only the elements that hold a shown record
   * stay, plus those with no records at a position within the window, so that every element appears in
   * exactly one part.
   */
  window(offset: number, shown: readonly unknown[]): unknown {
    const end = offset + shown.length;
    let start = 0;
    let slotIndex = 0;
    const replace = (slot: Slot): Slot => {
      const size = this.sizes[slotIndex++];
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
    const atEmptyPosition = (position: number) =>
      (position >= offset && position < end) || (position === this.total && end === this.total);
    const rebuild = (node: unknown, via: readonly string[]): unknown => {
      if (via.length === 0) return isSlot(node, this.path.kind) ? replace(node) : node;
      const [step, ...rest] = via;
      if (step === '[]') {
        if (!Array.isArray(node)) return node;
        const kept: unknown[] = [];
        for (const element of node) {
          const before = start;
          const rebuilt = rebuild(element, rest);
          const holdsShown = start > before && before < end && start > offset;
          if (holdsShown || (start === before && atEmptyPosition(before))) kept.push(rebuilt);
        }
        return kept;
      }
      if (!isPlainObject(node) || !hasOwn(node, step)) return node;
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === step ? rebuild(v, rest) : v]));
    };
    return rebuild(this.data, this.path.via);
  }
}
