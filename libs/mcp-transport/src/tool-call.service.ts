import { BoundedMap } from '@panda-mcp/common';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CallToolResult, InputRequiredResult, Tool } from '@modelcontextprotocol/server';
import { resultWithinBudget, splitShapingArguments } from '@panda-mcp/answer-shaping';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import type { OwnTool, PandaCaller } from '@panda-mcp/diagnosis';
import type { PandaEndpoint } from '@panda-mcp/endpoint-registry';
import { sessionOwnerOf, ToolCallAudit } from '@panda-mcp/operations';
import { AuthContext, PandaClient, PandaCallOutcome } from '@panda-mcp/panda-client';
import { CallerLimits } from './caller-limits.service';
import { ConfirmationRequest, DestructiveConfirmation } from './destructive-confirmation.service';
import { ToolCatalogue } from './tool-catalogue.service';
import { exclusionOf, ToolView } from './tool-view';
import {
  callerLimitResult,
  invalidArgumentsResult,
  toToolResult,
  ToolCallOutcome,
} from './tool-result.mapper';

export interface ToolCallReport {
  result: CallToolResult;
  outcome: ToolCallOutcome;
  /** A destructive call asks its person first: this, not `result`, answers the tools/call. */
  inputRequired?: InputRequiredResult;
}

/** Everything about one tools/call besides the tool and its arguments. */
export interface ToolCallRequest {
  /** The auth context of the HTTP request that carried this message; without one, no credentials. */
  auth?: AuthContext;
  signal?: AbortSignal;
  /** The tools the caller may see and call; without one, every tool. */
  view?: ToolView;
  /** How the person behind the client can be asked before a destructive call; without one, they cannot. */
  confirmation?: ConfirmationRequest;
  /** The client draws MCP Apps views: tools with a view add the structuredContent it draws. */
  forView?: boolean;
}

/** Thrown for a tool name the registry does not know; the MCP layer turns it into a JSON-RPC error. */
export class UnknownToolError extends Error {
  constructor(
    readonly toolName: string,
    /** Why a tool that exists is not served to this caller (read-only mode, toolsets). */
    readonly excludedBecause?: string,
  ) {
    super(
      `Unknown tool: ${toolName.slice(0, 200)}` +
        (excludedBecause ? ` (not served to you here: ${excludedBecause})` : ''),
    );
    this.name = UnknownToolError.name;
  }
}

/**
 * Runs one tools/call: checks the arguments against the tool's schema, calls PanDA with the auth context
 * of the HTTP request that carried THIS message (AuthContextInterceptor), and maps the answer into a
 * result within the result budget.
 */
/** Tool lists kept, one per view. */
export const CACHED_LISTINGS = 64;

@Injectable()
export class ToolCallService {
  private readonly budgetTokens: number;
  /** The tools/list of each view (views are few: the deployment's and a few header combinations). */
  private readonly listings = new BoundedMap<string, Tool[]>(CACHED_LISTINGS);

  constructor(
    private readonly catalogue: ToolCatalogue,
    private readonly panda: PandaClient,
    private readonly limits: CallerLimits,
    private readonly audit: ToolCallAudit,
    private readonly confirmation: DestructiveConfirmation,
    @Inject(pandaMcpConfig.KEY) config: Pick<PandaMcpConfig, 'maxResultTokens'>,
  ) {
    this.budgetTokens = config.maxResultTokens;
  }

  /** The tools/list payload of a view, built once per view. */
  listTools(view?: ToolView): Tool[] {
    if (!view) return this.catalogue.list();
    return this.listings.getOrCreate(view.key, () =>
      this.catalogue
        .all()
        .filter((entry) => exclusionOf(view, entry) === undefined)
        .map((entry) => entry.listing),
    );
  }

  async call(
    toolName: string,
    rawArguments: unknown,
    request: ToolCallRequest = {},
  ): Promise<ToolCallReport> {
    const { signal, view } = request;
    // Every MCP route attaches an auth context; a call without one goes out with no credentials.
    const auth = request.auth ?? { requestId: randomUUID() };
    const audited = this.audited(toolName, auth);
    const entry = this.catalogue.get(toolName);
    if (!entry) {
      // Tool names are caller input: only known names become metric labels.
      this.audit.rejected({ ...audited, tool: '(unknown)' }, 'unknown_tool', toolName.slice(0, 100));
      throw new UnknownToolError(toolName);
    }
    const excluded = exclusionOf(view, entry);
    if (excluded) {
      this.audit.rejected(audited, 'excluded_tool', excluded);
      throw new UnknownToolError(toolName, excluded);
    }
    if (entry.kind === 'own') {
      return this.callOwn(entry.tool, toolName, rawArguments, auth, signal, request.forView === true);
    }
    const tool = entry.registered;
    // panda-mcp's own parameters are taken out first; PanDA's check sees only PanDA's.
    const shaping = splitShapingArguments(rawArguments, entry.shape);
    const check = tool.checkArguments(shaping.pandaArguments);
    if (shaping.problems.length > 0 || !check.ok) {
      return this.refused(toolName, auth, [...shaping.problems, ...(check.ok ? [] : check.problems)]);
    }
    return this.withCallSlot(toolName, auth, async (holdAnswer, owner) => {
      if (this.confirmation.applies(entry.listing.annotations)) {
        // the question keeps a few words of each answer, not the answer: its bytes are freed at once
        const lookups = this.pandaCaller(toolName, auth, signal, (release) => release(), owner);
        const verdict = await this.confirmation.decide(toolName, check.args, request.confirmation, lookups);
        if (verdict.kind === 'ask') {
          this.audit.rejected(this.audited(toolName, auth), 'confirmation_asked');
          return {
            result: { content: [{ type: 'text', text: 'Waiting for a person to confirm this call.' }] },
            outcome: 'confirmation_asked',
            inputRequired: verdict.result,
          };
        }
        if (verdict.kind === 'stop') {
          this.audit.rejected(this.audited(toolName, auth), verdict.outcome);
          return { result: verdict.result, outcome: verdict.outcome };
        }
      }
      const outcome = await this.audit.run(
        this.audited(toolName, auth),
        () => this.panda.call({ target: tool.endpoint, args: check.args, auth, signal, holdAnswer }),
        (answer: PandaCallOutcome) => ({
          outcome: answer.kind,
          upstreamStatus: 'status' in answer ? answer.status : undefined,
        }),
      );
      this.noteIfAccepted(tool.endpoint, outcome, owner);
      const result = toToolResult(toolName, outcome, {
        shape: entry.shape,
        options: shaping.options,
        structured: entry.structured,
        budgetTokens: this.budgetTokens,
      });
      return { result, outcome: outcome.kind };
    });
  }

  /**
   * One of panda-mcp's own tools: its PanDA calls go out with this message's credentials, one after the
   * other within one call slot of the caller, each with the usual timeout and answer budget.
   */
  private async callOwn(
    tool: OwnTool,
    toolName: string,
    rawArguments: unknown,
    auth: AuthContext,
    signal: AbortSignal | undefined,
    forView: boolean,
  ): Promise<ToolCallReport> {
    const check = tool.check(rawArguments);
    if (!check.ok) return this.refused(toolName, auth, check.problems);
    return this.withCallSlot(toolName, auth, async (holdAnswer, owner) => {
      const panda = this.pandaCaller(toolName, auth, signal, holdAnswer, owner);
      const result = await this.audit.run(
        this.audited(toolName, auth),
        () => tool.run(check.args, panda, { forView }),
        (done: CallToolResult) => ({ outcome: done.isError ? 'panda_error' : 'ok' }),
      );
      return { result, outcome: result.isError ? 'panda_error' : 'ok' };
    });
  }

  /**
   * PanDA, reached by the name of a served tool, for panda-mcp's own reads (own tools, confirmation
   * questions): with this message's credentials, within the caller's call slot, each call with the usual
   * timeout and answer budget.
   */
  private pandaCaller(
    toolName: string,
    auth: AuthContext,
    signal: AbortSignal | undefined,
    holdAnswer: (release: () => void) => void,
    owner: string,
  ): PandaCaller {
    return {
      call: async (name, args) => {
        const target = this.catalogue.pandaTool(name);
        if (!target) return { kind: 'not_served' };
        const checked = target.registered.checkArguments(args);
        if (!checked.ok)
          throw new Error(`${toolName} built invalid arguments for ${name}: ${checked.problems.join('; ')}`);
        const outcome = await this.panda.call({
          target: target.registered.endpoint,
          args: checked.args,
          auth,
          signal,
          holdAnswer,
        });
        this.noteIfAccepted(target.registered.endpoint, outcome, owner);
        return outcome;
      },
    };
  }

  /**
   * An answer in PanDA's envelope from an endpoint that authenticates (secure) means PanDA accepted the
   * caller's token: from now on it has its own allowance. Endpoints open to all prove nothing.
   */
  private noteIfAccepted(endpoint: PandaEndpoint, outcome: PandaCallOutcome, owner: string): void {
    if (endpoint.access.secure && (outcome.kind === 'ok' || outcome.kind === 'panda_error')) {
      this.limits.noteAccepted(owner);
    }
  }

  private audited(toolName: string, auth: AuthContext) {
    return { tool: toolName, requestId: auth.requestId, vo: auth.vo, token: auth.token };
  }

  private refused(toolName: string, auth: AuthContext, problems: string[]): ToolCallReport {
    this.audit.rejected(this.audited(toolName, auth), 'invalid_arguments', problems.join('; '));
    // the problems quote the caller's arguments: the refusal is held to the result budget like any result
    const result = resultWithinBudget(
      toolName,
      invalidArgumentsResult(toolName, problems),
      this.budgetTokens,
    );
    return { result, outcome: 'invalid_arguments' };
  }

  /**
   * Runs `work` in one of the caller's call slots, keeps its result within the result budget, and keeps
   * the answers' bytes in the answer budget until the result has been handed to the transport (which
   * serializes it right after this handler returns): that is when the memory is really used.
   */
  private async withCallSlot(
    toolName: string,
    auth: AuthContext,
    work: (holdAnswer: (release: () => void) => void, owner: string) => Promise<ToolCallReport>,
  ): Promise<ToolCallReport> {
    const owner = auth.caller ?? sessionOwnerOf(auth.token);
    const releaseCallSlot = this.limits.acquireCall(owner);
    if (!releaseCallSlot) {
      this.audit.rejected(
        this.audited(toolName, auth),
        'caller_limit',
        `more than ${this.limits.maxCallsPerCaller} calls running`,
      );
      return { result: callerLimitResult(toolName, this.limits.maxCallsPerCaller), outcome: 'caller_limit' };
    }
    const releases: Array<() => void> = [];
    try {
      const report = await work((release) => releases.push(release), owner);
      return { ...report, result: resultWithinBudget(toolName, report.result, this.budgetTokens) };
    } finally {
      releaseCallSlot();
      setImmediate(() => releases.forEach((release) => release()));
    }
  }
}
