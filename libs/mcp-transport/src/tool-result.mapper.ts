import type { CallToolResult } from '@modelcontextprotocol/server';
import type { PandaCallOutcome } from '@panda-mcp/panda-client';

/** How a tool call ended, for logs and metrics. */
export type ToolCallOutcome = PandaCallOutcome['kind'] | 'invalid_arguments' | 'unknown_tool';

function text(value: string): CallToolResult['content'][number] {
  return { type: 'text', text: value };
}

function render(data: unknown): string {
  if (typeof data === 'string') return data;
  return JSON.stringify(data, null, 2) ?? 'null';
}

/**
 * Turns PanDA's answer into an MCP tool result. Success: the data as JSON text plus structuredContent
 * with PanDA's envelope. Every failure is a tool error (isError) whose text says what happened and where,
 * so the agent can explain it or correct itself; credentials never appear in it.
 */
export function toToolResult(toolName: string, outcome: PandaCallOutcome): CallToolResult {
  switch (outcome.kind) {
    case 'ok': {
      const content = [text(render(outcome.data))];
      if (outcome.message) content.push(text(`PanDA message: ${outcome.message}`));
      return {
        content,
        structuredContent: { success: true, message: outcome.message, data: outcome.data },
      };
    }
    case 'panda_error':
      return {
        isError: true,
        content: [
          text(`PanDA refused ${toolName}: ${outcome.message || '(no message)'}`),
          ...(outcome.data === null || outcome.data === undefined ? [] : [text(render(outcome.data))]),
        ],
        structuredContent: { success: false, message: outcome.message, data: outcome.data },
      };
    case 'http_error':
      return {
        isError: true,
        content: [
          text(
            `PanDA answered HTTP ${outcome.status} for ${toolName} (${outcome.url}): ${outcome.text || '(empty body)'}` +
              (outcome.retryAfterSeconds !== undefined
                ? `; PanDA asks to retry after ${outcome.retryAfterSeconds} s`
                : ''),
          ),
        ],
      };
    case 'bad_response':
      return {
        isError: true,
        content: [
          text(
            `PanDA's answer to ${toolName} (${outcome.url}) is not its usual JSON envelope: ${outcome.text.slice(0, 500)}`,
          ),
        ],
      };
    case 'timeout':
      return {
        isError: true,
        content: [
          text(
            `PanDA did not answer ${toolName} within ${outcome.timeoutMs / 1000} s (${outcome.url}); it may be overloaded, try again later`,
          ),
        ],
      };
    case 'network_error':
      return {
        isError: true,
        content: [text(`Could not reach PanDA for ${toolName} at ${outcome.url}: ${outcome.reason}`)],
      };
    case 'cancelled':
      return {
        isError: true,
        content: [text(`The call to ${toolName} was cancelled before PanDA answered`)],
      };
  }
}

export function invalidArgumentsResult(toolName: string, problems: readonly string[]): CallToolResult {
  return {
    isError: true,
    content: [text(`Invalid arguments for ${toolName}; PanDA was not called:\n- ${problems.join('\n- ')}`)],
  };
}
