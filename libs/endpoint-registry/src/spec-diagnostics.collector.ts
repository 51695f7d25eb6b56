import { jsonPointer, PointerSegments } from './json-pointer.util';

/**
 * The problems (the document is not usable) and warnings (something was ignored or guessed) found while
 * reading an API description, each a sentence that starts with the file and the JSON pointer.
 */
export class SpecDiagnostics {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  constructor(readonly file: string) {}

  problem(segments: PointerSegments, message: string): void {
    this.problems.push(`${this.where(segments)}: ${message}`);
  }

  warn(segments: PointerSegments, message: string): void {
    this.warnings.push(`${this.where(segments)}: ${message}`);
  }

  /** How many problems so far: a reader compares it before and after to see whether its part failed. */
  get problemCount(): number {
    return this.problems.length;
  }

  private where(segments: PointerSegments): string {
    const pointer = jsonPointer(segments);
    return pointer ? `${this.file}#${pointer}` : this.file;
  }
}
