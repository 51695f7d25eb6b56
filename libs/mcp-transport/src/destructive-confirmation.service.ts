import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { BoundedMap } from '@panda-mcp/common';
import {
  CallToolResult,
  ClientCapabilities,
  createRequestStateCodec,
  inputRequired,
  InputRequiredResult,
  RequestStateCodec,
  Server,
  ServerContext,
} from '@modelcontextprotocol/server';
import { ConfirmDestructiveMode, pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { confirmationQuestion, PandaCaller } from '@panda-mcp/diagnosis';
import { callerOf } from './auth-context.interceptor';

/** The key of the one question in an input request, and of its answer in the retried request. */
export const CONFIRMATION_KEY = 'confirm';
/**
 * How long a person has to answer a 2025-era session's question, which waits on the open tools/call
 * request: under the shipped Apache proxy's `timeout=300`, which would otherwise cut the silent request.
 */
export const CONFIRMATION_TIMEOUT_MS = 240_000;
/** How long a question's signed state stays good (2026-07-28 clients echo it with the answer). */
export const CONFIRMATION_STATE_TTL_SECONDS = 15 * 60;

/** Confirmed questions this process remembers, so that one "confirm" runs its call once. */
export const REMEMBERED_CONFIRMATIONS = 10_000;

/** What a confirmation round carries from one round to the next: which call was asked about. */
interface ConfirmationState {
  tool: string;
  /** SHA-256 of the call's checked arguments: an answer counts only for the call that was asked about. */
  call: string;
  /** This question's identity: its answer is used once. */
  question: string;
}

/** State that did not verify (expired, from a key this process does not have, tampered with). */
const UNVERIFIED = Symbol('unverified request state');

/** What one tools/call request lets panda-mcp know and do about asking its person. */
export interface ConfirmationRequest {
  /** The client declared form elicitation (a 2025-era session at initialize, 2026-07-28 in this request). */
  canAsk: boolean;
  /** The verified state of the round this request answers, if it is one. */
  state: unknown;
  /** The answers it carries, by key. */
  responses: Record<string, unknown> | undefined;
  /** Seals the state of a new round, bound to this caller. */
  seal(state: ConfirmationState): Promise<string>;
}

export type ConfirmationVerdict =
  | { kind: 'proceed' }
  /** Ask first: the tools/call result is this input request (the SDK asks 2025-era clients itself). */
  | { kind: 'ask'; result: InputRequiredResult }
  /** Not done, and PanDA not called: the person said no, or nobody could be asked where that is required. */
  | { kind: 'stop'; outcome: 'declined' | 'unconfirmed'; result: CallToolResult };

const QUESTION_SCHEMA = {
  type: 'object' as const,
  properties: {
    confirm: {
      type: 'boolean' as const,
      title: 'Let PanDA do this',
      description: 'true to run the call; false or decline and nothing is done',
      default: false,
    },
  },
  required: ['confirm'],
};

/** Arguments in one spelling whatever their key order, for comparing a call with the one asked about. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function callDigest(toolName: string, args: Record<string, unknown>): string {
  return createHash('sha256')
    .update(`${toolName}\0${canonical(args)}`)
    .digest('base64url');
}

/** Form elicitation: a bare `elicitation: {}` (the capability before modes) or one that lists `form`. */
function canElicitForm(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation as Record<string, unknown> | undefined;
  if (!elicitation) return false;
  return elicitation.form !== undefined || elicitation.url === undefined;
}

const notDone = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

/**
 * Confirmation before destructive calls (`confirm_destructive`). A call to a tool marked destructive first
 * returns an input request that asks the person, with what PanDA reports about the tasks or jobs; only a
 * retried request that carries "confirm: true" for the same call, with the state signed here, proceeds.
 * 2026-07-28 clients do the round trip themselves; for 2025-era sessions the SDK sends the elicitation
 * and re-enters the handler. Clients that cannot be asked proceed (`elicit`) or are refused (`require`).
 */
@Injectable()
export class DestructiveConfirmation {
  readonly mode: ConfirmDestructiveMode;
  private readonly logger = new Logger(DestructiveConfirmation.name);
  private readonly codec: RequestStateCodec<ConfirmationState>;
  /** Questions whose "confirm" has been used (a replayed answer is asked again). */
  private readonly used = new BoundedMap<string, true>(REMEMBERED_CONFIRMATIONS);

  constructor(
    @Inject(pandaMcpConfig.KEY)
    config: Pick<PandaMcpConfig, 'confirmDestructive' | 'requestStateSecret'>,
  ) {
    this.mode = config.confirmDestructive;
    this.codec = createRequestStateCodec<ConfirmationState>({
      // unset: a key of this process (the loader notes that other replicas cannot verify it)
      key: config.requestStateSecret ?? randomBytes(32),
      ttlSeconds: CONFIRMATION_STATE_TTL_SECONDS,
      bind: (ctx) => callerOf(ctx.http?.authInfo),
    });
  }

  /**
   * For ServerOptions.requestState.verify. State that does not verify (a replica with another key, a
   * restart, an answer after the TTL, tampering) counts as no state: the person is asked again, and the
   * call never runs on it.
   */
  readonly verify = async (
    state: string,
    ctx: ServerContext,
  ): Promise<ConfirmationState | typeof UNVERIFIED> => {
    try {
      return await this.codec.verify(state, ctx);
    } catch (error) {
      this.logger.debug(`confirmation state refused (${(error as Error).message}): asking again`);
      return UNVERIFIED;
    }
  };

  /** What this tools/call request can do about asking (built per request from the SDK's context). */
  requestOf(server: Server, ctx: ServerContext): ConfirmationRequest {
    // the server knows its client: from initialize (2025) or from this request's envelope (2026-07-28)
    return {
      canAsk: canElicitForm(server.getClientCapabilities()),
      state: ctx.mcpReq.requestState(),
      responses: ctx.mcpReq.inputResponses,
      seal: (state) => this.codec.mint(state, ctx),
    };
  }

  applies(annotations: { destructiveHint?: boolean } | undefined): boolean {
    return this.mode !== 'off' && annotations?.destructiveHint === true;
  }

  /** Whether a destructive call may go to PanDA now, must ask first, or must stop. */
  async decide(
    toolName: string,
    args: Record<string, unknown>,
    request: ConfirmationRequest | undefined,
    panda: PandaCaller,
  ): Promise<ConfirmationVerdict> {
    const call = callDigest(toolName, args);
    const state = request?.state as Partial<ConfirmationState> | undefined;
    const question = typeof state?.question === 'string' ? state.question : undefined;
    if (state?.tool === toolName && state.call === call && question && !this.used.has(question)) {
      const answer = request?.responses?.[CONFIRMATION_KEY] as
        { action?: unknown; content?: { confirm?: unknown } } | undefined;
      if (answer?.action === 'accept' && answer.content?.confirm === true) {
        this.used.set(question, true);
        return { kind: 'proceed' };
      }
      if (answer !== undefined) {
        const how = answer.action === 'accept' ? 'did not confirm' : 'declined';
        return {
          kind: 'stop',
          outcome: 'declined',
          result: notDone(
            `Nothing was done: the person asked to confirm ${toolName} ${how} it, so PanDA was not called. ` +
              'Do not retry unless they ask you to.',
          ),
        };
      }
    }
    if (!request?.canAsk) {
      if (this.mode === 'elicit') return { kind: 'proceed' };
      return {
        kind: 'stop',
        outcome: 'unconfirmed',
        result: notDone(
          `Nothing was done: this deployment lets ${toolName} run only after a person confirms it, and your client ` +
            'cannot be asked (it does not declare MCP form elicitation). Use a client that supports elicitation, ' +
            'or ask an operator.',
        ),
      };
    }
    const message = await confirmationQuestion(toolName, args, panda);
    return {
      kind: 'ask',
      result: inputRequired({
        inputRequests: {
          [CONFIRMATION_KEY]: inputRequired.elicit({ message, requestedSchema: QUESTION_SCHEMA }),
        },
        requestState: await request.seal({ tool: toolName, call, question: randomUUID() }),
      }),
    };
  }
}
