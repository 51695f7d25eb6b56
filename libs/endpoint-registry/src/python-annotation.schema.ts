import { isPlainObject } from './structured-file';
import type { EndpointParameter, JsonSchema } from './endpoint.types';

/**
 * Maps PanDA's Python type annotations to JSON Schema, following the table in docs/api-description.md:
 *
 * int -> integer; float, int | float -> number; bool -> boolean; str -> string; List[int] / List[str] ->
 * array of integer / string; List, list -> array; dict, Dict -> object; X | None -> X with null added to
 * `type`; other unions -> anyOf; no annotation or a non-type (`id`) -> {}; FileStorage -> string (the
 * file's content, sent as a multipart upload). Defaults are kept; a default of None also accepts null.
 */
export function schemaForPythonAnnotation(
  annotation: string | null,
  defaultValue?: unknown,
  hasDefault: boolean = defaultValue !== undefined,
): JsonSchema {
  const schema = annotation === null ? {} : schemaForExpression(annotation.trim());
  if (!hasDefault) return schema;
  const withDefault: JsonSchema = defaultValue === null ? withNull(schema) : { ...schema };
  withDefault.default = defaultValue;
  return withDefault;
}

/** An endpoint parameter described by a Python signature: required exactly when there is no default. */
export function endpointParameterFromPython(spec: {
  name: string;
  annotation: string | null;
  hasDefault?: boolean;
  default?: unknown;
  description?: string;
}): EndpointParameter {
  const hasDefault = spec.hasDefault ?? 'default' in spec;
  const parameter: EndpointParameter = {
    name: spec.name,
    description: spec.description ?? '',
    required: !hasDefault,
    hasDefault,
    schema: schemaForPythonAnnotation(spec.annotation, spec.default, hasDefault),
  };
  if (hasDefault) parameter.default = spec.default;
  if (spec.annotation !== null) parameter.pythonType = spec.annotation;
  return parameter;
}

/** True when the schema accepts null (`type` includes null, an anyOf member is null, or it accepts anything). */
export function schemaAcceptsNull(schema: JsonSchema): boolean {
  const type = schema.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((m) => isObject(m) && schemaAcceptsNull(m));
  return type === undefined && !('anyOf' in schema) && !('oneOf' in schema) && !('enum' in schema);
}

const NULL_MARKER = Symbol('None');
type Member = JsonSchema | typeof NULL_MARKER;

const SIMPLE: Record<string, JsonSchema> = {
  int: { type: 'integer' },
  float: { type: 'number' },
  bool: { type: 'boolean' },
  str: { type: 'string' },
  bytes: { type: 'string' },
  FileStorage: { type: 'string' },
  list: { type: 'array' },
  List: { type: 'array' },
  tuple: { type: 'array' },
  Tuple: { type: 'array' },
  set: { type: 'array' },
  Set: { type: 'array' },
  dict: { type: 'object' },
  Dict: { type: 'object' },
};

function schemaForExpression(expression: string): JsonSchema {
  const members = unionMembers(expression).map(memberSchema);
  const hasNull = members.includes(NULL_MARKER);
  let schemas = members.filter((m): m is JsonSchema => m !== NULL_MARKER);
  if (schemas.length === 0) return hasNull ? { type: 'null' } : {};
  if (schemas.some((s) => Object.keys(s).length === 0)) return {}; // a member accepts anything
  // int | float is a number.
  if (schemas.some((s) => s.type === 'number')) schemas = schemas.filter((s) => !isPlain(s, 'integer'));
  schemas = dedupe(schemas);
  const single: JsonSchema = schemas.length === 1 ? { ...schemas[0] } : { anyOf: schemas };
  return hasNull ? withNull(single) : single;
}

function memberSchema(raw: string): Member {
  const member = raw.trim().replace(/^typing\./, '');
  if (member === 'None' || member === 'NoneType') return NULL_MARKER;
  const simple = SIMPLE[member];
  if (simple) return { ...simple };
  const generic = /^([A-Za-z_][\w.]*)\[(.*)\]$/s.exec(member);
  if (generic) {
    const name = generic[1].replace(/^typing\./, '');
    const args = splitTopLevel(generic[2], ',');
    if (name === 'Optional') return schemaForExpression(`${args.join(',')} | None`);
    if (name === 'Union') return schemaForExpression(args.join(' | '));
    if (['List', 'list', 'Set', 'set', 'Sequence', 'Iterable'].includes(name)) {
      const items = args.length === 1 ? schemaForExpression(args[0].trim()) : {};
      return Object.keys(items).length === 0 ? { type: 'array' } : { type: 'array', items };
    }
    if (['Tuple', 'tuple'].includes(name)) return { type: 'array' };
    if (['Dict', 'dict', 'Mapping'].includes(name)) return { type: 'object' };
  }
  return {}; // no type we know (`id`, `Any`, a class): any JSON value
}

/** `a | b[c | d] | e` -> ['a', 'b[c | d]', 'e'] */
function unionMembers(expression: string): string[] {
  return splitTopLevel(expression, '|')
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** The schema with null added: to `type` when there is one, as an anyOf member otherwise; {} stays {}. */
export function withNull(schema: JsonSchema): JsonSchema {
  if (schemaAcceptsNull(schema)) return { ...schema };
  const type = schema.type;
  const nullable: JsonSchema = Array.isArray(schema.enum)
    ? { ...schema, enum: [...schema.enum, null] }
    : { ...schema };
  if (typeof type === 'string') return { ...nullable, type: [type, 'null'] };
  if (Array.isArray(type)) return { ...nullable, type: [...type, 'null'] };
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  return { anyOf: [schema, { type: 'null' }] };
}

function isPlain(schema: JsonSchema, type: string): boolean {
  return schema.type === type && Object.keys(schema).length === 1;
}

function dedupe(schemas: JsonSchema[]): JsonSchema[] {
  const seen = new Set<string>();
  return schemas.filter((s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const isObject = (value: unknown): value is JsonSchema => isPlainObject(value);
