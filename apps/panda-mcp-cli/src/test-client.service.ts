import type { McpConnection, McpConnector, McpTarget } from './mcp-connection.connector';
import { resolveToolName } from './tool-name.resolver';
import { formatToolDetails, formatToolList, formatToolResult } from './tool-output.formatter';

export type OutputFormat = 'text' | 'json';

export interface ClientOutput {
  out(text: string): void;
  err(text: string): void;
}

/**
 * The admins' test client (`panda-mcp tools`, `panda-mcp call`): one session per command, readable
 * output or JSON for scripts, and an exit code that says whether the tool worked.
 */
export class TestClientService {
  constructor(
    private readonly connector: McpConnector,
    private readonly io: ClientOutput,
  ) {}

  /** Lists the tools, or describes one. Exit code 0, or 1 when the named tool is unknown. */
  async tools(target: McpTarget, output: OutputFormat, tool?: string): Promise<number> {
    return this.withConnection(target, async (connection) => {
      const tools = await connection.listTools();
      if (tool !== undefined) {
        const name = resolveToolName(
          tool,
          tools.map((t) => t.name),
        );
        const found = tools.find((t) => t.name === name)!;
        this.io.out(output === 'json' ? JSON.stringify(found, null, 2) : formatToolDetails(found));
        return 0;
      }
      this.io.out(
        output === 'json' ? JSON.stringify(tools, null, 2) : formatToolList(tools, target.url.href),
      );
      return 0;
    });
  }

  /** Calls a tool. Exit code 0 on success, 1 when the tool reports an error. */
  async call(
    target: McpTarget,
    output: OutputFormat,
    tool: string,
    args: Record<string, unknown>,
  ): Promise<number> {
    return this.withConnection(target, async (connection) => {
      const name = resolveToolName(
        tool,
        (await connection.listTools()).map((t) => t.name),
      );
      const result = await connection.callTool(name, args);
      const failed = result.isError === true;
      if (output === 'json') this.io.out(JSON.stringify(result, null, 2));
      else if (failed) this.io.err(`${name} failed:\n${formatToolResult(result)}`);
      else this.io.out(formatToolResult(result));
      return failed ? 1 : 0;
    });
  }

  private async withConnection(
    target: McpTarget,
    work: (connection: McpConnection) => Promise<number>,
  ): Promise<number> {
    const connection = await this.connector.connect(target);
    try {
      return await work(connection);
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
}
