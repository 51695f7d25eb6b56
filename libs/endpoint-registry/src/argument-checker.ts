import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { ArgumentCheck, JsonSchema, PandaEndpoint } from './endpoint.types';
import { schemaAcceptsNull } from './python-annotation.schema';
import { cloneJson, isPlainObject } from './structured-file';

/** The validator options: report everything, change nothing. */
export function createArgumentAjv(): Ajv {
  return new Ajv({ allErrors: true, strict: false, useDefaults: false, coerceTypes: false });
}

/**
 * Compiles the tool's input schema once and returns the check for the agent's arguments. Problems are
 * sentences naming the parameter and what was expected; null for an optional nullable parameter means
 * "PanDA's default" and is left out of the returned arguments. The input is never mutated.
 */
export function createArgumentChecker(endpoint: PandaEndpoint, ajv: Ajv): (args: unknown) => ArgumentCheck {
  const validate: ValidateFunction = ajv.compile(endpoint.inputSchema);
  const known = endpoint.parameters.map((p) => p.name);
  const droppableNulls = new Set(
    endpoint.parameters.filter((p) => !p.required && schemaAcceptsNull(p.schema)).map((p) => p.name),
  );

  return (args: unknown): ArgumentCheck => {
    const given = args === undefined || args === null ? {} : args;
    if (!isPlainObject(given)) {
      return {
        ok: false,
        problems: [`the arguments must be an object of named parameters, got ${describeValue(given)}`],
      };
    }
    if (validate(given) !== true) {
      return { ok: false, problems: describeErrors(validate.errors ?? [], given, endpoint, known) };
    }
    const checked: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(given)) {
      if (value === null && droppableNulls.has(name)) continue;
      checked[name] = cloneJson(value);
    }
    return { ok: true, args: checked };
  };
}

function describeErrors(
  errors: readonly ErrorObject[],
  args: Record<string, unknown>,
  endpoint: PandaEndpoint,
  known: readonly string[],
): string[] {
  // An anyOf failure is reported once, for the whole value, not once per alternative.
  const anyOfPaths = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.schemaPath);
  const problems: string[] = [];
  for (const error of errors) {
    if (anyOfPaths.some((p) => error.schemaPath.startsWith(`${p}/`))) continue;
    const problem = describeError(error, args, endpoint, known);
    if (!problems.includes(problem)) problems.push(problem);
  }
  return problems;
}

function describeError(
  error: ErrorObject,
  args: Record<string, unknown>,
  endpoint: PandaEndpoint,
  known: readonly string[],
): string {
  const where = readablePath(error.instancePath);
  const value = valueAt(args, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      if (error.instancePath === '') {
        const schema = endpoint.inputSchema.properties[name] ?? {};
        return `${name}: required parameter is missing (${describeSchema(schema)})`;
      }
      return `${where}: the field "${name}" is missing`;
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      if (error.instancePath === '') {
        const expected =
          known.length > 0 ? `expected one of: ${known.join(', ')}` : 'this tool takes no parameters';
        return `unknown parameter "${name}" (${expected})`;
      }
      return `${where}: unexpected field "${name}"`;
    }
    case 'type':
      return `${where}: expected ${joinTypes(toList(params.type))}, got ${describeValue(value)}`;
    case 'enum':
      return `${where}: expected one of ${toList(params.allowedValues)
        .map((v) => JSON.stringify(v))
        .join(', ')}, got ${describeValue(value)}`;
    case 'anyOf':
    case 'oneOf': {
      const schema = schemaAt(endpoint.inputSchema, error.schemaPath.replace(/\/(anyOf|oneOf)$/, ''));
      return `${where}: expected ${describeSchema(schema)}, got ${describeValue(value)}`;
    }
    default:
      return `${where}: ${error.message ?? 'is not valid'} (got ${describeValue(value)})`;
  }
}

/** '/job_ids/1' -> 'job_ids[1]', '/params/key' -> 'params.key' */
function readablePath(instancePath: string): string {
  let text = '';
  for (const segment of pointerSegments(instancePath)) {
    if (/^\d+$/.test(segment) && text) text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text || '(arguments)';
}

function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isPlainObject(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

function schemaAt(root: unknown, schemaPath: string): JsonSchema {
  const found = valueAt(root, schemaPath.replace(/^#/, ''));
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
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return `string ${JSON.stringify(shown)}`;
    }
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
