import { isPlainObject } from './structured-file';

/** The steps of a JSON pointer: object keys and array indexes. */
export type PointerSegments = Array<string | number>;

/** RFC 6901 JSON pointer from path segments: ['paths', '/task/kill'] -> '/paths/~1task~1kill'. */
export function jsonPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${escapeSegment(s)}`).join('');
}

/** The pointer in URI fragment form (without the '#'), as `$ref`s write it and Ajv resolves it. */
export function pointerFragment(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${encodeURIComponent(escapeSegment(s))}`).join('');
}

/** The segments of a JSON pointer ('' is the whole document): '/paths/~1task~1kill' -> ['paths', '/task/kill']. */
export function pointerSegments(pointer: string): string[] {
  return splitPointer(pointer, (s) => s);
}

/**
 * The segments of a pointer in URI fragment form (RFC 6901 section 6, without the '#'), as `$ref`s and
 * Ajv's schema paths write them: each segment is percent-decoded first. Throws a URIError for a malformed
 * percent escape.
 */
export function fragmentSegments(fragment: string): string[] {
  return splitPointer(fragment, decodeURIComponent);
}

/** The value the segments lead to, or undefined; only array indexes and own properties are followed. */
export function valueAtPointer(root: unknown, segments: ReadonlyArray<string | number>): unknown {
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function splitPointer(pointer: string, decode: (segment: string) => string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => decode(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}
