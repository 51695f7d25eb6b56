import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
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

/** A tool of panda-mcp's own, listed beside PanDA's: it answers a question from one or more PanDA calls. */
export interface OwnTool {
  listing: Tool;
  check(args: unknown): OwnToolCheck;
  run(args: Record<string, unknown>, panda: PandaCaller): Promise<CallToolResult>;
}

/** The injection token of the own tools the service lists. */
export const OWN_TOOLS = Symbol('OWN_TOOLS');

/** Checks arguments made only of required safe, non-negative integers (ids), naming every problem. */
export function checkIdArguments(args: unknown, names: readonly string[]): OwnToolCheck {
  const given = args === undefined || args === null ? {} : args;
  if (typeof given !== 'object' || Array.isArray(given)) {
    return { ok: false, problems: ['the arguments must be an object of named parameters'] };
  }
  const problems: string[] = [];
  const values = given as Record<string, unknown>;
  for (const name of names) {
    const value = values[name];
    if (value === undefined) problems.push(`${name}: required parameter is missing (integer)`);
    else if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      problems.push(`${name} must be a non-negative integer, got ${JSON.stringify(value)?.slice(0, 40)}`);
    }
  }
  const unknown = Object.keys(values).filter((name) => !names.includes(name));
  if (unknown.length) {
    problems.push(
      `${unknown.slice(0, 5).join(', ')}: not a parameter of this tool (it takes ${names.join(', ')})`,
    );
  }
  return problems.length ? { ok: false, problems } : { ok: true, args: values };
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
