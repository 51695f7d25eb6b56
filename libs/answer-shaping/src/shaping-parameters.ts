import { unknownParametersProblem, isPlainObject } from '@panda-mcp/common';
import type { FieldSelection } from './record-views';
import type { ResultShape } from './result-shapes';

/**
 * panda-mcp's own tool parameters. They start with `mcp_`, are checked here and are never sent to PanDA;
 * the registry refuses an API description in which a PanDA parameter starts with the same prefix.
 */
export const SHAPING_PREFIX = 'mcp_';

export const OFFSET = 'mcp_offset';
export const LIMIT = 'mcp_limit';
export const FIELDS = 'mcp_fields';

/** More than any PanDA list holds; keeps the numbers safe. */
const MAX_OFFSET = 100_000_000;
const MAX_FIELDS = 200;
const MAX_FIELD_NAME = 100;
/** `mcp_fields: ["*"]`: every field, as PanDA sent it. */
export const ALL_FIELDS = '*';

export interface ShapingOptions {
  offset: number;
  /** The caller's cap on the records shown; the result budget may show fewer. */
  limit?: number;
  fields: FieldSelection;
}

export const DEFAULT_SHAPING: Readonly<ShapingOptions> = Object.freeze({
  offset: 0,
  fields: { view: 'compact' as const },
});

type Schema = Record<string, unknown>;

/** The schemas of the parameters a tool of this shape takes, to merge into its input schema. */
export function shapingParameterSchemas(shape: ResultShape | undefined): Record<string, Schema> {
  if (!shape) return {};
  const schemas: Record<string, Schema> = {};
  if (shape.paged) {
    schemas[OFFSET] = {
      type: 'integer',
      minimum: 0,
      description: 'panda-mcp paging',
    };
    schemas[LIMIT] = { type: 'integer', minimum: 1 };
  }
  if (!shape.paged || shape.records !== 'value') {
    schemas[FIELDS] = {
      type: 'array',
      items: { type: 'string' },
      description: 'panda-mcp: fields to return, ["*"] all (default: compact)',
    };
  }
  return schemas;
}

export interface ShapingSplit {
  /** The arguments without panda-mcp's: what PanDA's check and PanDA see. */
  pandaArguments: unknown;
  options: ShapingOptions;
  /** What was wrong with panda-mcp's parameters (empty when nothing). */
  problems: string[];
}

/** null, like leaving the parameter out, means panda-mcp's default. */
function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function integerProblem(name: string, value: unknown, min: number): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= MAX_OFFSET) return;
  return `${name} must be an integer from ${min} to ${MAX_OFFSET}, got ${JSON.stringify(value)?.slice(0, 40)}`;
}

function fieldsOf(value: unknown, problems: string[]): FieldSelection {
  const fine =
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_FIELDS &&
    value.every((f) => typeof f === 'string' && f.length > 0 && f.length <= MAX_FIELD_NAME);
  if (!fine) {
    problems.push(
      `${FIELDS} must be a list of 1 to ${MAX_FIELDS} field names (PanDA's spelling, e.g. ["PandaID", "jobStatus"]) or ["*"] for whole records`,
    );
    return DEFAULT_SHAPING.fields;
  }
  const fields = value as string[];
  if (fields.includes(ALL_FIELDS)) return { view: 'full' };
  return { view: 'named', fields: [...new Set(fields)] };
}

/**
 * Takes panda-mcp's parameters out of the agent's arguments: what is left goes to PanDA's check. A
 * parameter with the prefix that this tool does not take is a problem, named with those it does take.
 */
export function splitShapingArguments(args: unknown, shape: ResultShape | undefined): ShapingSplit {
  const untouched = { pandaArguments: args, options: DEFAULT_SHAPING, problems: [] };
  if (!isPlainObject(args)) return untouched;
  const ours = Object.keys(args).filter((name) => name.startsWith(SHAPING_PREFIX));
  if (ours.length === 0) return untouched;

  const accepted = shapingParameterSchemas(shape);
  const problems: string[] = [];
  const options: ShapingOptions = { ...DEFAULT_SHAPING };
  // fromEntries: an argument named "__proto__" stays an argument (PanDA's check then refuses it)
  const pandaArguments = Object.fromEntries(
    Object.entries(args).filter(([name]) => !name.startsWith(SHAPING_PREFIX)),
  );
  const unknown = ours.filter((name) => !(name in accepted));
  if (unknown.length > 0) {
    const known = Object.keys(accepted);
    problems.push(
      unknownParametersProblem(
        unknown.slice(0, 5),
        unknown.length,
        known,
        'it takes no panda-mcp parameters',
      ),
    );
  }
  if (OFFSET in accepted && isGiven(args[OFFSET])) {
    const problem = integerProblem(OFFSET, args[OFFSET], 0);
    if (problem) problems.push(problem);
    else options.offset = args[OFFSET] as number;
  }
  if (LIMIT in accepted && isGiven(args[LIMIT])) {
    const problem = integerProblem(LIMIT, args[LIMIT], 1);
    if (problem) problems.push(problem);
    else options.limit = args[LIMIT] as number;
  }
  if (FIELDS in accepted && isGiven(args[FIELDS])) options.fields = fieldsOf(args[FIELDS], problems);
  return { pandaArguments, options, problems };
}
