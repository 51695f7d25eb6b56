import { EndpointRegistryError } from './endpoint-registry.error';
import { isPlainObject, readTextFile } from './structured-file';

/** One entry of a PanDA-format endpoint list (`{"module": ["function", ...]}`). */
export interface EndpointListEntry {
  module: string;
  functionName: string;
  /** `${module}_${functionName}` */
  toolName: string;
}

/** Reads an endpoint list file in PanDA's format; duplicates are dropped, the order is kept. */
export function loadEndpointList(file: string): EndpointListEntry[] {
  const text = readTextFile(file, 'the endpoint list');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EndpointRegistryError(
      `the endpoint list ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseEndpointList(value, file);
}

/** Checks a parsed endpoint list: an object mapping module names to lists of function names. */
export function parseEndpointList(value: unknown, file: string): EndpointListEntry[] {
  const expected = 'expected {"module": ["function", ...]}';
  if (!isPlainObject(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new EndpointRegistryError(
      `the endpoint list ${file} must be a JSON object (${expected}), got ${got}`,
    );
  }
  const problems: string[] = [];
  const entries: EndpointListEntry[] = [];
  const seen = new Set<string>();
  for (const [module, functions] of Object.entries(value)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(module)) {
      problems.push(`${file}: module name ${JSON.stringify(module)} is not a PanDA module name`);
      continue;
    }
    if (!Array.isArray(functions)) {
      problems.push(
        `${file}: "${module}" must be a list of function names (${expected}), got ${describe(functions)}`,
      );
      continue;
    }
    functions.forEach((functionName: unknown, index) => {
      if (typeof functionName !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(functionName)) {
        problems.push(
          `${file}: "${module}"[${index}] must be a function name, got ${describe(functionName)}`,
        );
        return;
      }
      const toolName = `${module}_${functionName}`;
      if (seen.has(toolName)) return;
      seen.add(toolName);
      entries.push({ module, functionName, toolName });
    });
  }
  if (problems.length > 0) {
    throw new EndpointRegistryError(problems, `the endpoint list ${file} is malformed`);
  }
  return entries;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
