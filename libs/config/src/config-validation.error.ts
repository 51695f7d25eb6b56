/**
 * Thrown by the config loader when the merged configuration is not usable. It carries every problem
 * found (not just the first), one per line, so an operator can fix them all in one go.
 */
export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';

  constructor(
    /** One line per problem, e.g. `transport: must be "streamable-http" or "sse"; got "x" from env PANDA_MCP_TRANSPORT`. */
    readonly problems: readonly string[],
  ) {
    super(ConfigValidationError.format(problems));
  }

  private static format(problems: readonly string[]): string {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    return [`Invalid panda-mcp configuration (${count}):`, ...problems.map((p) => `- ${p}`)].join('\n');
  }
}
