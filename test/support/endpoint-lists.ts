import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';

/** An endpoint list in PanDA's format (`{module: [function, ...]}`) naming every endpoint of the bundled API description, and their tool names. */
export function everyEndpoint(repoRoot: string): { list: Record<string, string[]>; tools: string[] } {
  const spec = load(fs.readFileSync(path.join(repoRoot, 'config', 'panda-api', 'openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const list: Record<string, string[]> = {};
  const tools: string[] = [];
  for (const operations of Object.values(spec.paths)) {
    for (const operation of Object.values(operations)) {
      const module = operation['x-panda-module'];
      const fn = operation['x-panda-function'];
      if (typeof module !== 'string' || typeof fn !== 'string') continue;
      (list[module] ??= []).push(fn);
      tools.push(`${module}_${fn}`);
    }
  }
  return { list, tools };
}
