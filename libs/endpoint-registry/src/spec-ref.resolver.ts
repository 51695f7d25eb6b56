import { fragmentSegments, PointerSegments, valueAtPointer } from './json-pointer.util';
import type { SpecDiagnostics } from './spec-diagnostics.collector';
import { isPlainObject } from './structured-file';

export interface ResolvedRef {
  /** The value after following every `$ref`; undefined when a reference could not be followed. */
  value: unknown;
  /** Where the value is in the document (the last reference's target, or where the search started). */
  segments: PointerSegments;
  /** The references followed, in order. */
  refs: string[];
}

/** Follows local `$ref`s ("#/components/..."); siblings of a $ref override the target's keywords. */
export class SpecRefResolver {
  constructor(
    private readonly root: unknown,
    private readonly diagnostics: SpecDiagnostics,
  ) {}

  /** `refStack`: the references being followed further up, so that a recursive one is reported. */
  resolve(raw: unknown, segments: PointerSegments, refStack: readonly string[] = []): ResolvedRef {
    let value = raw;
    let at = segments;
    const refs: string[] = [];
    while (isPlainObject(value) && typeof value.$ref === 'string') {
      const ref = value.$ref;
      const problemAt = [...at, '$ref'];
      if (!ref.startsWith('#')) {
        this.diagnostics.problem(problemAt, `only references inside the document are supported, not ${ref}`);
        return { value: undefined, segments: at, refs };
      }
      if (refStack.includes(ref) || refs.includes(ref)) {
        this.diagnostics.problem(problemAt, `recursive reference ${ref} is not supported`);
        return { value: undefined, segments: at, refs };
      }
      const targetSegments = this.targetOf(ref, problemAt);
      if (targetSegments === undefined) return { value: undefined, segments: at, refs };
      const target = valueAtPointer(this.root, targetSegments);
      if (target === undefined) {
        this.diagnostics.problem(problemAt, `reference ${ref} points to nothing`);
        return { value: undefined, segments: at, refs };
      }
      refs.push(ref);
      const { $ref: _ignored, ...siblings } = value;
      value = isPlainObject(target) && Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
      at = targetSegments;
    }
    return { value, segments: at, refs };
  }

  private targetOf(ref: string, problemAt: PointerSegments): string[] | undefined {
    try {
      return fragmentSegments(ref.slice(1));
    } catch {
      this.diagnostics.problem(problemAt, `reference ${ref} is not a valid JSON pointer (bad % escape)`);
      return undefined;
    }
  }
}
