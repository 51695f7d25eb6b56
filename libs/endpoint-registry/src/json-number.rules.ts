import type Ajv from 'ajv';
import type { JsonSchema } from './endpoint.types';
import type { PointerSegments } from './json-pointer.util';
import { mapSubschemas } from './json-schema.keywords';
import { isPlainObject } from './structured-file';

/**
 * The Ajv keyword that holds an integer to the safe range (Number.isSafeInteger): beyond 2^53 - 1, JSON
 * integers are silently rounded. Only the checker's own copy of a schema carries it (see withSafeIntegers).
 */
export const SAFE_INTEGER_KEYWORD = 'pandaMcpSafeInteger';

/** Registers SAFE_INTEGER_KEYWORD with the Ajv instance, unless it already knows it. */
export function addSafeIntegerKeyword(ajv: Ajv): void {
  if (ajv.getKeyword(SAFE_INTEGER_KEYWORD)) return;
  ajv.addKeyword({
    keyword: SAFE_INTEGER_KEYWORD,
    type: 'number',
    schemaType: 'boolean',
    errors: false,
    // Fractions and non-finite numbers are other keywords' business (`type`, and the finite-number check).
    validate: (enabled: boolean, data: number) =>
      !enabled || !Number.isInteger(data) || Number.isSafeInteger(data),
  });
}

/** A copy of the schema in which every subschema that takes integers (and not all numbers) needs safe ones. */
export function withSafeIntegers(schema: JsonSchema): JsonSchema {
  const mark = (node: unknown): unknown => {
    if (!isPlainObject(node)) return node;
    const out = mapSubschemas(node, mark);
    const types: unknown[] = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes('integer') && !types.includes('number')) out[SAFE_INTEGER_KEYWORD] = true;
    return out;
  };
  return mark(schema) as JsonSchema;
}

/** True for an integer that JSON cannot carry exactly (beyond ±(2^53 - 1)). */
export function isUnsafeInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
}

/**
 * Calls `found` for each number that is not finite (JSON.parse makes Infinity of 1e999), depth first
 * through arrays and plain objects, until it returns false. `path` is live: copy it to keep it.
 */
export function forEachNonFiniteNumber(
  value: unknown,
  found: (path: Readonly<PointerSegments>, number: number) => boolean,
): void {
  const path: PointerSegments = [];
  const walk = (node: unknown): boolean => {
    if (typeof node === 'number') return Number.isFinite(node) || found(path, node);
    const entries: Iterable<[string | number, unknown]> | undefined = Array.isArray(node)
      ? node.entries()
      : isPlainObject(node)
        ? Object.entries(node)
        : undefined;
    for (const [key, child] of entries ?? []) {
      path.push(key);
      const goOn = walk(child);
      path.pop();
      if (!goOn) return false;
    }
    return true;
  };
  walk(value);
}

/** True when a number anywhere in the value is not finite. */
export function hasNonFiniteNumber(value: unknown): boolean {
  let found = false;
  forEachNonFiniteNumber(value, () => {
    found = true;
    return false;
  });
  return found;
}
