import { unknownParametersProblem } from '@panda-mcp/common';
import Ajv, { ValidateFunction } from 'ajv';
import {
  describeValue,
  insideFailedAlternatives,
  missingParameterProblem,
  nonFiniteNumberProblem,
  validationProblem,
} from './argument-problem.describer';
import { ArgumentProblems } from './argument-problems.collector';
import type { ArgumentCheck, JsonSchema, PandaEndpoint } from './endpoint.types';
import {
  addSafeIntegerKeyword,
  forEachNonFiniteNumber,
  hasNonFiniteNumber,
  withSafeIntegers,
} from './json-number.rules';
import { pointerFragment } from './json-pointer.util';
import { schemaAcceptsNull } from './python-annotation.schema';
import { cloneJson, isPlainObject } from './structured-file';

export { describeSchema, describeValue } from './argument-problem.describer';

/** How many problems an answer spells out; the others are counted in one more line. */
export const MAX_REPORTED_PROBLEMS = 10;
/** How many unknown parameter names the answer lists. */
const MAX_UNKNOWN_NAMES = 10;
/** The longest problem sentence. */
const MAX_PROBLEM_LENGTH = 2000;

/**
 * The validator options: change nothing, and stop at the first error of a value (a huge bad array must
 * not make thousands of errors); numbers must be finite.
 */
export function createArgumentAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: false,
    strict: false,
    strictNumbers: true,
    useDefaults: false,
    coerceTypes: false,
  });
  addSafeIntegerKeyword(ajv);
  return ajv;
}

let compiledCheckers = 0;

/**
 * Compiles the tool's input schema once and returns the check for the agent's arguments. Problems are
 * sentences naming the parameter, what was wrong and what was expected: every missing and unknown
 * parameter, and the first problem in each parameter's value, at most MAX_REPORTED_PROBLEMS of them and
 * then how many more. Numbers must be finite, and integers safe integers. Null for an optional nullable
 * parameter means "PanDA's default" and is left out of the returned arguments. The input is never mutated.
 */
export function createArgumentChecker(endpoint: PandaEndpoint, ajv: Ajv): (args: unknown) => ArgumentCheck {
  addSafeIntegerKeyword(ajv);
  const key = `panda-mcp-arguments-${++compiledCheckers}`;
  const schema = withSafeIntegers(endpoint.inputSchema);
  ajv.addSchema(schema, key);
  // Not $async, so the validators are synchronous.
  const validate = ajv.getSchema(key) as ValidateFunction | undefined;
  if (!validate) throw new Error(`the input schema of ${endpoint.toolName} did not compile`);
  const droppableNulls = new Set(
    endpoint.parameters.filter((p) => !p.required && schemaAcceptsNull(p.schema)).map((p) => p.name),
  );
  const problemsOf = argumentProblems(endpoint, validate, (name) => {
    try {
      return ajv.getSchema(`${key}#${pointerFragment(['properties', name])}`) as ValidateFunction | undefined;
    } catch {
      return undefined; // the whole schema compiled, so this is not expected; the fallback below answers
    }
  });

  return (args: unknown): ArgumentCheck => {
    const given = args === undefined || args === null ? {} : args;
    if (!isPlainObject(given)) {
      return {
        ok: false,
        problems: [`the arguments must be an object of named parameters, got ${describeValue(given)}`],
      };
    }
    if (hasNonFiniteNumber(given) || validate(given) !== true) {
      return { ok: false, problems: problemsOf(given) };
    }
    const checked: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(given)) {
      if (value === null && droppableNulls.has(name)) continue;
      checked[name] = cloneJson(value);
    }
    return { ok: true, args: checked };
  };
}

/**
 * The problems of arguments known to be bad: `validatorOf` gives the compiled check of one parameter;
 * `validateAll`, the check of all arguments, speaks only when the others found nothing.
 */
function argumentProblems(
  endpoint: PandaEndpoint,
  validateAll: ValidateFunction,
  validatorOf: (name: string) => ValidateFunction | undefined,
): (args: Record<string, unknown>) => string[] {
  const inputSchema = endpoint.inputSchema;
  const properties = inputSchema.properties;
  const required = inputSchema.required ?? [];
  const knownNames = Object.keys(properties);
  const known = new Set(knownNames);
  const has = (args: Record<string, unknown>, name: string) =>
    Object.prototype.hasOwnProperty.call(args, name);

  return (args) => {
    const problems = new ArgumentProblems(MAX_REPORTED_PROBLEMS, MAX_PROBLEM_LENGTH);
    for (const name of required) {
      if (!has(args, name)) problems.add(() => missingParameterProblem(name, properties[name] ?? {}));
    }
    const unknown: string[] = [];
    let unknownCount = 0;
    for (const name of Object.keys(args)) {
      if (known.has(name)) continue;
      if (unknown.length < MAX_UNKNOWN_NAMES) unknown.push(name);
      unknownCount++;
    }
    if (unknownCount > 0) problems.add(() => unknownParametersProblem(unknown, unknownCount, knownNames));
    for (const name of knownNames) {
      if (has(args, name)) valueProblems(problems, name, args[name], properties[name], validatorOf);
    }
    if (problems.count === 0 && validateAll(args) !== true) {
      for (const error of validateAll.errors ?? []) {
        problems.add(() => validationProblem(error, '', args, inputSchema));
      }
    }
    return problems.list();
  };
}

/** Each number in the value that is not finite; else the first schema violation. */
function valueProblems(
  problems: ArgumentProblems,
  name: string,
  value: unknown,
  schema: JsonSchema,
  validatorOf: (name: string) => ValidateFunction | undefined,
): void {
  let nonFinite = false;
  forEachNonFiniteNumber(value, (path, number) => {
    nonFinite = true;
    problems.add(() => nonFiniteNumberProblem([name, ...path], number));
    return true;
  });
  if (nonFinite) return;
  const validate = validatorOf(name);
  if (!validate || validate(value) === true) return;
  const errors = validate.errors ?? [];
  const explained = insideFailedAlternatives(errors);
  for (const error of errors) {
    if (!explained(error)) problems.add(() => validationProblem(error, name, value, schema));
  }
}
