import type { ErrorObject } from 'ajv';
import { MAX_CALLER_TEXT, shorten } from '@panda-mcp/common';
import type { JsonSchema } from './endpoint.types';
import { isUnsafeInteger, SAFE_INTEGER_KEYWORD } from './json-number.rules';
import { fragmentSegments, pointerSegments, valueAtPointer } from './json-pointer.util';
import { isPlainObject } from './structured-file';

// The sentences that tell the agent what is wrong with an argument, and what was expected.

/** `task_id: required parameter is missing (integer)` */
export function missingParameterProblem(name: string, schema: JsonSchema): string {
  return `${name}: required parameter is missing (${describeSchema(schema)})`;
}

/** `job_ids[3]: expected a finite number, got number Infinity (...)` */
export function nonFiniteNumberProblem(path: ReadonlyArray<string | number>, value: number): string {
  const why = Number.isNaN(value)
    ? 'not a number'
    : 'a JSON number beyond ±1.8e308, such as 1e999, cannot be sent';
  return `${readablePath(path)}: expected a finite number, got ${describeValue(value)} (${why})`;
}

/**
 * One Ajv error of the check of parameter `name` (its `value` and `schema`) as a sentence naming the place
 * in the value; with name '', of the check of all the arguments.
 */
export function validationProblem(
  error: ErrorObject,
  name: string,
  value: unknown,
  schema: JsonSchema,
): string {
  const inside = pointerSegments(error.instancePath);
  const where = readablePath([name, ...inside]);
  const got = valueAtPointer(value, inside);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${where}: the field "${String(params.missingProperty)}" is missing`;
    case 'additionalProperties':
      return `${where}: unexpected field "${shorten(String(params.additionalProperty), MAX_CALLER_TEXT)}"`;
    case 'type':
      return `${where}: expected ${joinTypes(toList(params.type))}, got ${describeValue(got)}`;
    case 'enum':
      return `${where}: expected one of ${toList(params.allowedValues)
        .map((v) => JSON.stringify(v))
        .join(', ')}, got ${describeValue(got)}`;
    case 'anyOf':
    case 'oneOf': {
      const alternatives = schemaAt(schema, error.schemaPath.replace(/\/(anyOf|oneOf)$/, ''));
      const note = isUnsafeInteger(got) ? ', outside the safe integer range' : '';
      return `${where}: expected ${describeSchema(alternatives)}, got ${describeValue(got)}${note}`;
    }
    case SAFE_INTEGER_KEYWORD:
      return (
        `${where}: ${describeValue(got)} is outside the safe integer range (expected an integer from ` +
        `${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}; larger ones would reach PanDA rounded)`
      );
    default:
      return `${where}: ${error.message ?? 'is not valid'} (got ${describeValue(got)})`;
  }
}

/** True for the errors Ajv reports inside an anyOf/oneOf that failed: the failure is described as a whole. */
export function insideFailedAlternatives(errors: readonly ErrorObject[]): (error: ErrorObject) => boolean {
  const alternatives = [
    ...new Set(
      errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`),
    ),
  ];
  return (error) => alternatives.some((p) => error.schemaPath.startsWith(p));
}

/** ['job_ids', 1] -> 'job_ids[1]', ['params', 'key'] -> 'params.key'; each step cut to MAX_CALLER_TEXT. */
export function readablePath(segments: ReadonlyArray<string | number>): string {
  let text = '';
  for (const raw of segments) {
    const segment = shorten(String(raw), MAX_CALLER_TEXT);
    if (/^\d+$/.test(segment) && text) text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text || '(arguments)';
}

function schemaAt(root: JsonSchema, schemaPath: string): JsonSchema {
  const found = valueAtPointer(root, fragmentSegments(schemaPath.replace(/^#/, '')));
  return isPlainObject(found) ? found : {};
}

/** "integer", "integer or null", "array of string", "object or string", "any value" */
export function describeSchema(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const alternatives = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : null;
  if (alternatives) {
    return joinTypes(alternatives.map((m) => (isPlainObject(m) ? describeSchema(m) : 'any value')));
  }
  if (schema.type === undefined) return 'any value';
  return joinTypes(
    toList(schema.type).map((t) => {
      if (t === 'array' && isPlainObject(schema.items) && schema.items.type !== undefined) {
        return `array of ${describeSchema(schema.items)}`;
      }
      return String(t);
    }),
  );
}

function joinTypes(types: readonly unknown[]): string {
  const words = [...new Set(types.map(String))];
  return words.length <= 2 ? words.join(' or ') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',');
  return [value];
}

/** 'string "abc"', 'number 1.5', 'boolean true', 'null', 'an array', 'an object' */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array (${value.length} item${value.length === 1 ? '' : 's'})`;
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(shorten(value, 60))}`;
    case 'number':
      return `number ${String(value)}`;
    case 'boolean':
      return `boolean ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
