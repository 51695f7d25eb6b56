import type { JsonSchema } from './endpoint.types';
import type { PointerSegments } from './json-pointer.util';
import { cloneJson, isPlainObject } from './structured-file';

/** JSON Schema keywords whose values are literal data, not subschemas. */
const LITERAL_KEYWORDS = new Set(['default', 'enum', 'const', 'examples', 'required', 'type']);
/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalProperties',
  'not',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
]);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
]);

/**
 * A copy of `schema` (draft 2020-12 and earlier keywords) with each direct subschema replaced by what `map`
 * makes of it, given the subschema and its path below `schema` (['items'], ['anyOf', 1],
 * ['properties', 'name']). Every other value is deep-copied; keys for which `keep` is false are left out.
 */
export function mapSubschemas(
  schema: Record<string, unknown>,
  map: (subschema: unknown, path: PointerSegments) => unknown,
  keep: (key: string) => boolean = () => true,
): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(schema)) {
    if (!keep(key)) continue;
    if (LITERAL_KEYWORDS.has(key)) out[key] = cloneJson(child);
    else if (SCHEMA_KEYWORDS.has(key) && (isPlainObject(child) || typeof child === 'boolean')) {
      out[key] = map(child, [key]);
    } else if (SCHEMA_KEYWORDS.has(key) && key === 'items' && Array.isArray(child)) {
      out[key] = child.map((c, i) => map(c, [key, i]));
    } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(child)) {
      out[key] = child.map((c, i) => map(c, [key, i]));
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isPlainObject(child)) {
      out[key] = Object.fromEntries(Object.entries(child).map(([k, c]) => [k, map(c, [key, k])]));
    } else out[key] = cloneJson(child);
  }
  return out;
}
