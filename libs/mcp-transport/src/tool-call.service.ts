import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import { resultWithinBudget, splitShapingArguments } from '@panda-mcp/answer-shaping';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { sessionOwnerOf, ToolCallAudit } from '@panda-mcp/operations';
import { AuthContext, PandaClient, PandaCallOutcome } from '@panda-mcp/panda-client';
import { CallerLimits } from './caller-limits.service';
import { ToolCatalogue } from './tool-catalogue.service';
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
 * of the HTTP request that carried THIS message (AuthContextInterceptor), and maps the answer into a
 * result within the result budget.
 */
@Injectable()
export class ToolCallService {
  private readonly budgetTokens: number;

  constructor(
    private readonly catalogue: ToolCatalogue,
    private readonly panda: PandaClient,
    private readonly limits: CallerLimits,
    private readonly audit: ToolCallAudit,
    @Inject(pandaMcpConfig.KEY) config: Pick<PandaMcpConfig, 'maxResultTokens'>,
  ) {
    this.budgetTokens = config.maxResultTokens;
  }

  listTools(): Tool[] {
    return this.catalogue.list();
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
    const entry = this.catalogue.get(toolName);
    if (!entry) {
      // Tool names are caller input: only known names become metric labels.
      this.audit.rejected({ ...audited, tool: '(unknown)' }, 'unknown_tool', toolName.slice(0, 100));
      throw new UnknownToolError(toolName);
    }
    const tool = entry.registered;
    // panda-mcp's own parameters are taken out first; PanDA's check sees only PanDA's.
    const shaping = splitShapingArguments(rawArguments, entry.shape);
    const check = tool.checkArguments(shaping.pandaArguments);
    if (shaping.problems.length > 0 || !check.ok) {
      const problems = [...shaping.problems, ...(check.ok ? [] : check.problems)];
      this.audit.rejected(audited, 'invalid_arguments', problems.join('; '));
      return { result: invalidArgumentsResult(toolName, problems), outcome: 'invalid_arguments' };
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
      const result = toToolResult(toolName, outcome, {
        shape: entry.shape,
        options: shaping.options,
        structured: entry.structured,
        budgetTokens: this.budgetTokens,
      });
      return { result: resultWithinBudget(toolName, result, this.budgetTokens), outcome: outcome.kind };
    } finally {
      releaseCallSlot();
      setImmediate(releaseAnswer);
    }
  }
}
