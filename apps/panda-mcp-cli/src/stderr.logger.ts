import type { LogLevelName } from './cli.program';

export type LogFunction = (level: Exclude<LogLevelName, 'silent'>, message: string) => void;

const RANK: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Log lines for the bridge on stderr: stdout carries the MCP protocol, so nothing else may go there.
 * Agents (Claude Desktop and others) keep a server's stderr in their MCP log files.
 */
export function createStderrLogger(
  threshold: LogLevelName,
  write: (text: string) => void = (text) => void process.stderr.write(text),
  now: () => Date = () => new Date(),
): LogFunction {
  return (level, message) => {
    if (RANK[level] < RANK[threshold]) return;
    write(`${now().toISOString()} panda-mcp bridge ${level}: ${message}\n`);
  };
}
