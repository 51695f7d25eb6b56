import { UsageError } from './cli.errors';

/**
 * The tool a person meant: the exact name, or a bare PanDA function name when exactly one tool is
 * `<module>_<name>` (PanDA's admin guide calls `--tool is_alive`, which is `system_is_alive` here).
 */
export function resolveToolName(requested: string, available: readonly string[]): string {
  if (available.includes(requested)) return requested;
  const matches = available.filter((name) => name.endsWith(`_${requested}`));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new UsageError(`"${requested}" is ambiguous; say which: ${matches.sort().join(', ')}`);
  }
  throw new UsageError(`no tool "${requested}" on this server; \`panda-mcp tools\` lists them`);
}
