import { shorten } from '@panda-mcp/common';
/**
 * The problems of one call's arguments, bounded: the first `limit` distinct ones are spelled out (each cut
 * to `maxLength` characters), the rest only counted, so that a huge bad argument costs linear time and
 * gives a short answer.
 */
export class ArgumentProblems {
  private readonly shown: string[] = [];
  private readonly seen = new Set<string>();
  private notShown = 0;

  constructor(
    private readonly limit: number,
    private readonly maxLength: number,
  ) {}

  /** Adds a problem; `describe` is only called while there is room to show it. */
  add(describe: () => string): void {
    if (this.shown.length >= this.limit) {
      this.notShown++;
      return;
    }
    const problem = shorten(describe(), this.maxLength);
    if (this.seen.has(problem)) return;
    this.seen.add(problem);
    this.shown.push(problem);
  }

  /** How many problems were added (duplicates of shown ones aside). */
  get count(): number {
    return this.shown.length + this.notShown;
  }

  /** The problems shown, then "and N more problems" when some were only counted. */
  list(): string[] {
    if (this.notShown === 0) return [...this.shown];
    return [...this.shown, `and ${this.notShown} more problem${this.notShown === 1 ? '' : 's'}`];
  }
}
