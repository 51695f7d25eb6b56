import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import { EndpointRegistry } from '@panda-mcp/endpoint-registry';
import { sessionOwnerOf, ToolCallAudit } from '@panda-mcp/operations';
import { AuthContext, PandaClient, PandaCallOutcome } from '@panda-mcp/panda-client';
import { CallerLimits } from './caller-limits.service';
import {
  callerLimitResult,
  invalidArgumentsResult,
  toToolResult,
  ToolCallOutcome,
} from './tool-result.mapper';

export interface ToolCallReport {
  result: CallToolResult;
  outcome: ToolCallOutcome;
}

/** Thrown for a tool name the registry does not know; the MCP layer turns it into a JSON-RPC error. */
export class UnknownToolError extends Error {
  constructor(readonly toolName: string) {
    super(`Unknown tool: ${toolName.slice(0, 200)}`);
    this.name = UnknownToolError.name;
  }
}

/**
 * Runs one tools/call: checks the arguments against the tool's schema, calls PanDA with the auth context
 * of the HTTP request that carried THIS message (AuthContextInterceptor), and maps the answer.
 */
@Injectable()
export class ToolCallService {
  private toolList?: Tool[];

  constructor(
    private readonly registry: EndpointRegistry,
    private readonly panda: PandaClient,
    private readonly limits: CallerLimits,
    private readonly audit: ToolCallAudit,
  ) {}

  /** The tools/list payload, built once: the registry does not change while the service runs. */
  listTools(): Tool[] {
    this.toolList ??= this.registry.list().map(({ endpoint }) => ({
      name: endpoint.toolName,
      title: endpoint.annotations.title,
      description: endpoint.description,
      inputSchema: endpoint.inputSchema as Tool['inputSchema'],
      annotations: { ...endpoint.annotations },
    }));
    return this.toolList;
  }

  async call(
    toolName: string,
    rawArguments: unknown,
    callerAuth: AuthContext | undefined,
    signal?: AbortSignal,
  ): Promise<ToolCallReport> {
    // Every MCP route attaches an auth context; a call without one goes out with no credentials.
    const auth = callerAuth ?? { requestId: randomUUID() };
    const audited = { tool: toolName, requestId: auth.requestId, vo: auth.vo, token: auth.token };
    const tool = this.registry.get(toolName);
    if (!tool) {
      // Tool names are caller input: only known names become metric labels.
      this.audit.rejected({ ...audited, tool: '(unknown)' }, 'unknown_tool', toolName.slice(0, 100));
      throw new UnknownToolError(toolName);
    }
    const check = tool.checkArguments(rawArguments);
    if (!check.ok) {
      this.audit.rejected(audited, 'invalid_arguments', check.problems.join('; '));
      return { result: invalidArgumentsResult(toolName, check.problems), outcome: 'invalid_arguments' };
    }
    const owner = auth.caller ?? sessionOwnerOf(auth.token);
    const releaseCallSlot = this.limits.acquireCall(owner);
    if (!releaseCallSlot) {
      this.audit.rejected(
        audited,
        'caller_limit',
        `more than ${this.limits.maxCallsPerCaller} calls running`,
      );
      return { result: callerLimitResult(toolName, this.limits.maxCallsPerCaller), outcome: 'caller_limit' };
    }
    // The answer's bytes stay in the answer budget until its result has been handed to the transport
    // (which serializes it right after this handler returns): that is when the memory is really used.
    let releaseAnswer = () => {};
    const holdAnswer = (release: () => void) => (releaseAnswer = release);
    try {
      const outcome = await this.audit.run(
        audited,
        () => this.panda.call({ target: tool.endpoint, args: check.args, auth, signal, holdAnswer }),
        (answer: PandaCallOutcome) => ({
          outcome: answer.kind,
          upstreamStatus: 'status' in answer ? answer.status : undefined,
        }),
      );
      // An answer in PanDA's envelope means PanDA authenticated the caller: from now on it has its own allowance.
      if (outcome.kind === 'ok' || outcome.kind === 'panda_error') this.limits.noteAccepted(owner);
      return { result: toToolResult(toolName, outcome), outcome: outcome.kind };
    } finally {
      releaseCallSlot();
      setImmediate(releaseAnswer);
    }
  }
}
