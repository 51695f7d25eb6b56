import { UsageError } from './cli.errors';

/** A JSON number as written by people: no leading zeros, so IDs like `007` stay strings. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * Types a `--kv` value the way PanDA's mcp_test_client.py does: `True`/`False` become booleans and
 * numbers numbers. Beyond that, `None`/`null` become null and a value that starts with `[` or `{`
 * is read as JSON when it parses (PanDA's list parameters, e.g. `job_ids=[1,2]`). Anything else is
 * a string; `--json` is there for values that must stay strings.
 */
export function typeKvValue(raw: string): unknown {
  if (raw === 'True' || raw === 'true') return true;
  if (raw === 'False' || raw === 'false') return false;
  if (raw === 'None' || raw === 'null') return null;
  if (NUMBER.test(raw)) {
    const value = Number(raw);
    // an integer beyond 2^53 would silently change; keep its digits
    if (Number.isSafeInteger(value) || !Number.isInteger(value)) return value;
    return raw;
  }
  if (/^\s*[[{]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

/** `KEY=VAL` (the value may contain `=`) to a key and a typed value. */
export function parseKv(pair: string): [string, unknown] {
  const at = pair.indexOf('=');
  if (at <= 0) throw new UsageError(`--kv expects KEY=VAL, got "${pair}"`);
  return [pair.slice(0, at).trim(), typeKvValue(pair.slice(at + 1))];
}

/** Tool arguments from `--json '{...}'` first, then every `--kv`, a later key overriding an earlier one. */
export function buildToolArguments(
  json: string | undefined,
  kvs: readonly string[],
): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError('--json must be a JSON object, e.g. {"task_id": 1001}');
    }
    args = { ...(parsed as Record<string, unknown>) };
  }
  for (const pair of kvs) {
    const [key, value] = parseKv(pair);
    args[key] = value;
  }
  return args;
}
