import { isPlainObject } from '@panda-mcp/common';
import * as fs from 'node:fs';
import { load, YAMLException } from 'js-yaml';
import { EndpointRegistryError } from './endpoint-registry.error';

/** Re-exported for this lib's readers (the helper itself is @panda-mcp/common's). */
export { isPlainObject };

/** Reads a file's text, turning "no such file" and friends into an EndpointRegistryError naming the file. */
export function readTextFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new EndpointRegistryError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

/**
 * Parses YAML or JSON (JSON is YAML); duplicate keys and syntax errors name the file and the line.
 * js-yaml, because it reads our 5,000-line API description several times faster than `yaml`: it is on
 * the start-up path of every pod.
 */
export function parseYamlOrJson(text: string, file: string, what: string): unknown {
  try {
    return load(text, { filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const line = error.mark ? ` (line ${error.mark.line + 1}, column ${error.mark.column + 1})` : '';
    throw new EndpointRegistryError(
      [`${file}: ${error.reason}${line}`],
      `${what} ${file} is not valid YAML/JSON`,
    );
  }
}

/**
 * A deep copy of a JSON-like value (plain objects and arrays are copied, everything else is kept). Unlike
 * structuredClone, the copies are made in the caller's realm, so they stay plain objects everywhere.
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneJson(item)) as T;
  if (isPlainObject(value) && isPlainPrototype(Object.getPrototypeOf(value))) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneJson(v)])) as T;
  }
  return value;
}

function isPlainPrototype(proto: unknown): boolean {
  // Object.prototype of this realm or of another one (vm contexts, test sandboxes), or none at all.
  return proto === null || (proto as { constructor?: { name?: string } }).constructor?.name === 'Object';
}
