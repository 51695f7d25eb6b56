import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import { isPlainObject, unknownParametersProblem } from '@panda-mcp/common';
import { textBlock } from '@panda-mcp/answer-shaping';
import type { PandaCallOutcome } from '@panda-mcp/panda-client';

/**
 * How one of panda-mcp's own tools reaches PanDA: by the name of a served PanDA tool, with the caller's
 * own credentials, limits and timeouts (the tool-call service provides it per call). `not_served` when the
 * deployment does not serve that endpoint.
 */
export interface PandaCaller {
  call(toolName: string, args: Record<string, unknown>): Promise<PandaCallOutcome | { kind: 'not_served' }>;
}

export type OwnToolCheck = { ok: true; args: Record<string, unknown> } | { ok: false; problems: string[] };

/** What an own tool knows about its caller besides the arguments. */
export interface OwnToolContext {
  /** The client draws this tool's MCP Apps view: add the structuredContent the view draws. */
  forView?: boolean;
}

/** A tool of panda-mcp's own, listed beside PanDA's: it answers a question from one or more PanDA calls. */
export interface OwnTool {
  listing: Tool;
  check(args: unknown): OwnToolCheck;
  run(args: Record<string, unknown>, panda: PandaCaller, context?: OwnToolContext): Promise<CallToolResult>;
}

/** The injection token of the own tools the service lists. */
export const OWN_TOOLS = Symbol('OWN_TOOLS');

/** One parameter of an own tool: an integer in a range, a string from a fixed set, or a string of a shape. */
export type OwnParameter =
  | { kind: 'integer'; required?: boolean; min: number; max: number }
  | { kind: 'string'; required?: boolean; oneOf: readonly string[] }
  | { kind: 'string'; required?: boolean; pattern: RegExp; shape: string };

const describeParameter = (p: OwnParameter) =>
  p.kind === 'integer'
    ? `an integer from ${p.min} to ${p.max}`
    : 'oneOf' in p
      ? `one of ${p.oneOf.map((v) => JSON.stringify(v)).join(', ')}`
      : p.shape;

function fits(parameter: OwnParameter, value: unknown): boolean {
  if (parameter.kind === 'integer') {
    return (
      typeof value === 'number' &&
      Number.isSafeInteger(value) &&
      value >= parameter.min &&
      value <= parameter.max
    );
  }
  if (typeof value !== 'string') return false;
  return 'oneOf' in parameter ? parameter.oneOf.includes(value) : parameter.pattern.test(value);
}

/** Checks an own tool's arguments against its parameters, naming every problem and what was expected. */
export function checkArguments(
  args: unknown,
  parameters: Readonly<Record<string, OwnParameter>>,
): OwnToolCheck {
  const given = args === undefined || args === null ? {} : args;
  if (typeof given !== 'object' || Array.isArray(given)) {
    return { ok: false, problems: ['the arguments must be an object of named parameters'] };
  }
  const problems: string[] = [];
  const values = given as Record<string, unknown>;
  const names = Object.keys(parameters);
  for (const name of names) {
    const parameter = parameters[name];
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) {
      if (parameter.required)
        problems.push(`${name}: required parameter is missing (${describeParameter(parameter)})`);
      continue;
    }
    if (!fits(parameter, value)) {
      problems.push(
        `${name} must be ${describeParameter(parameter)}, got ${JSON.stringify(value)?.slice(0, 40)}`,
      );
    }
  }
  const unknown = Object.keys(values).filter((name) => !names.includes(name));
  if (unknown.length) problems.push(unknownParametersProblem(unknown.slice(0, 5), unknown.length, names));
  return problems.length ? { ok: false, problems } : { ok: true, args: values };
}

/** Checks arguments made only of required ids (safe, non-negative integers). */
export function checkIdArguments(args: unknown, names: readonly string[]): OwnToolCheck {
  const id: OwnParameter = { kind: 'integer', required: true, min: 0, max: Number.MAX_SAFE_INTEGER };
  return checkArguments(args, Object.fromEntries(names.map((name) => [name, id])));
}

/** The words of a PanDA call that did not give data, for a diagnosis that must say what it could not read. */
export function outcomeProblem(toolName: string, outcome: PandaCallOutcome | { kind: 'not_served' }): string {
  switch (outcome.kind) {
    case 'ok':
      return '';
    case 'not_served':
      return `${toolName} is not served by this deployment`;
    case 'panda_error':
      return `PanDA refused ${toolName}: ${outcome.message || '(no message)'}`;
    case 'http_error':
      return `PanDA answered HTTP ${outcome.status} for ${toolName}: ${outcome.text.slice(0, 300)}`;
    case 'timeout':
      return `PanDA did not answer ${toolName} within ${outcome.timeoutMs / 1000} s`;
    case 'too_large':
      return `PanDA's answer to ${toolName} is larger than ${Math.round(outcome.limitBytes / 1048576)} MiB`;
    case 'busy':
      return `panda-mcp's memory budget was spent; ${toolName} was not read (retry in a few seconds)`;
    case 'cancelled':
      return `the call to ${toolName} was cancelled`;
    case 'network_error':
      return `could not reach PanDA for ${toolName}: ${outcome.reason}`;
    case 'bad_response':
      return `PanDA's answer to ${toolName} is not its usual JSON envelope`;
  }
}

/** An own tool's answer: its body as text, and as structuredContent too for a client that draws its view. */
export function ownAnswer(body: Record<string, unknown>, context: OwnToolContext): CallToolResult {
  return {
    content: [textBlock(JSON.stringify(body))],
    ...(context.forView ? { structuredContent: body } : {}),
  };
}

/** The job records of a PanDA job list (anything else in it skipped). */
export function jobRecordsOf(data: readonly unknown[]): Array<Record<string, unknown>> {
  return data.filter(isPlainObject);
}

/** The failed jobs of a PanDA job list (unsuccessful_only also sends cancelled and closed ones). */
export function failedJobsOf(data: readonly unknown[]): Array<Record<string, unknown>> {
  return jobRecordsOf(data).filter((job) => job.jobStatus === 'failed');
}
