import type { CallToolResult } from '@modelcontextprotocol/server';
import {
  AnswerToShape,
  DEFAULT_SHAPING,
  renderJson as render,
  shapeAnswer,
  textBlock as text,
} from '@panda-mcp/answer-shaping';
import { PANDA_MCP_DEFAULTS } from '@panda-mcp/config';
import type { PandaCallOutcome } from '@panda-mcp/panda-client';

/** How a tool call ended, for logs and metrics. */
export type ToolCallOutcome =
  | PandaCallOutcome['kind']
  | 'invalid_arguments'
  | 'unknown_tool'
  | 'caller_limit'
  /** A destructive call asked its person first; declined by them; refused as nobody could be asked. */
  | 'confirmation_asked'
  | 'declined'
  | 'unconfirmed';

/** How a successful answer is presented: its shape, the caller's paging and fields, the budget. */
export type ResultPresentation = Pick<AnswerToShape, 'shape' | 'options' | 'structured' | 'budgetTokens'>;

/** No shape known, nothing asked: the data as it came, within the default budget. */
export const PLAIN_PRESENTATION: ResultPresentation = {
  shape: undefined,
  options: DEFAULT_SHAPING,
  structured: false,
  budgetTokens: PANDA_MCP_DEFAULTS.maxResultTokens,
};

/**
 * Turns PanDA's answer into an MCP tool result. Success: the data shaped for an agent (shapeAnswer:
 * compact records, the caller's page, within the result budget). Every failure is a tool error (isError)
 * whose text says what happened and where, so the agent can explain it or correct itself; credentials
 * never appear in it.
 */
export function toToolResult(
  toolName: string,
  outcome: PandaCallOutcome,
  presentation: ResultPresentation = PLAIN_PRESENTATION,
): CallToolResult {
  try {
    return resultOf(toolName, outcome, presentation);
  } catch (error) {
    // JSON.parse takes nesting that JSON.stringify and the views cannot walk (RangeError: call stack)
    if (!(error instanceof RangeError)) throw error;
    return {
      isError: true,
      content: [
        text(
          `PanDA's answer to ${toolName} is nested too deeply to be shown; ask for less or for another view`,
        ),
      ],
    };
  }
}

function resultOf(
  toolName: string,
  outcome: PandaCallOutcome,
  presentation: ResultPresentation,
): CallToolResult {
  switch (outcome.kind) {
    case 'ok':
      return shapeAnswer({ toolName, data: outcome.data, message: outcome.message, ...presentation });
    case 'panda_error':
      return {
        isError: true,
        content: [
          text(`PanDA refused ${toolName}: ${outcome.message || '(no message)'}`),
          ...(outcome.data === null || outcome.data === undefined ? [] : [text(render(outcome.data))]),
        ],
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
    case 'too_large': {
      const shape = presentation.shape;
      const narrower = shape?.paged && shape.narrower ? shape.narrower : 'fewer ids, a narrower selection';
      return {
        isError: true,
        content: [
          text(
            `PanDA's answer to ${toolName} (${outcome.url}) is larger than ${Math.round(outcome.limitBytes / 1048576)} MiB, more than panda-mcp passes on; ask for less: ${narrower}`,
          ),
        ],
      };
    }
    case 'busy':
      return {
        isError: true,
        content: [
          text(
            `panda-mcp is holding as many PanDA answers as its memory budget allows; ${toolName} was not completed, retry in a few seconds`,
          ),
        ],
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

export function callerLimitResult(toolName: string, limit: number): CallToolResult {
  return {
    isError: true,
    content: [
      text(
        `${toolName} was not run: ${limit} PanDA calls of yours are already running (the most allowed at once); wait for one to finish, then retry`,
      ),
    ],
  };
}
