import type { InputRequiredResult, Server, ServerContext } from '@modelcontextprotocol/server';
import { buildTestConfig, PandaMcpConfig } from '@panda-mcp/config';
import type { PandaCaller } from '@panda-mcp/diagnosis';
import { CONFIRMATION_KEY, DestructiveConfirmation } from './destructive-confirmation.service';

/** PanDA for the question's lookups: records what was read, answers task 7 as alice's running task. */
class LookupsDouble implements PandaCaller {
  readonly calls: string[] = [];
  async call(toolName: string) {
    this.calls.push(toolName);
    return {
      kind: 'ok' as const,
      status: 200,
      message: '',
      url: 'u',
      data: {
        status: 'running',
        userName: 'alice',
        taskName: 'user.alice.test',
        statistics: 'running*3,failed*1',
      },
    };
  }
}

/** The SDK's context of one request, with only what the service reads. */
function contextOf(
  caller: string,
  extras: { state?: unknown; responses?: Record<string, unknown> } = {},
): ServerContext {
  return {
    mcpReq: {
      requestState: () => extras.state,
      inputResponses: extras.responses,
    },
    http: {
      authInfo: { token: 't', clientId: 'c', scopes: [], extra: { pandaAuth: { caller, requestId: 'r' } } },
    },
  } as unknown as ServerContext;
}

/** The server of the request, as the SDK knows its client (from initialize, or the 2026-07-28 envelope). */
const serverOf = (capabilities?: object) =>
  ({ getClientCapabilities: () => capabilities }) as unknown as Server;
const ACCEPTED = { action: 'accept', content: { confirm: true } };

describe(DestructiveConfirmation.name, () => {
  const build = (overrides: Partial<PandaMcpConfig> = {}) =>
    new DestructiveConfirmation(buildTestConfig({ requestStateSecret: 's'.repeat(32), ...overrides }));
  const asking = (sut: DestructiveConfirmation, caller = 'alice', extras = {}) =>
    sut.requestOf(serverOf({ elicitation: {} }), contextOf(caller, extras));

  /** The first round: the question, and the state the client echoes with its answer. */
  async function ask(sut: DestructiveConfirmation, args = { task_id: 7 }) {
    const lookups = new LookupsDouble();
    const verdict = await sut.decide('task_kill', args, asking(sut), lookups);
    if (verdict.kind !== 'ask') throw new Error(`expected a question, got ${verdict.kind}`);
    const result: InputRequiredResult = verdict.result;
    const question = result.inputRequests?.[CONFIRMATION_KEY] as { params: { message: string } };
    return { message: question.params.message, requestState: result.requestState!, lookups };
  }

  /** The retried round, as the SDK hands it over after verifying the echoed state. */
  async function answered(
    sut: DestructiveConfirmation,
    requestState: string,
    answer: unknown,
    caller = 'alice',
  ) {
    const state = await sut.verify(requestState, contextOf(caller));
    return asking(sut, caller, { state, responses: { [CONFIRMATION_KEY]: answer } });
  }

  it('applies to destructive tools only, and not at all when off', () => {
    expect(build().applies({ destructiveHint: true })).toBe(true);
    expect(build().applies({ destructiveHint: false })).toBe(false);
    expect(build().applies(undefined)).toBe(false);
    expect(build({ confirmDestructive: 'off' }).applies({ destructiveHint: true })).toBe(false);
  });

  it('asks with what PanDA reports about the task, and proceeds only on confirm for the same call', async () => {
    const sut = build();
    const { message, requestState, lookups } = await ask(sut);
    expect(message).toContain('Task 7 "user.alice.test" of alice is running (4 jobs: 3 running, 1 failed).');
    expect(message).toContain('cannot be recovered');
    expect(lookups.calls).toEqual(['task_get_details']);

    const accepted = await answered(sut, requestState, ACCEPTED);
    expect(await sut.decide('task_kill', { task_id: 7 }, accepted, new LookupsDouble())).toEqual({
      kind: 'proceed',
    });
    // the same answer does not cover another task: that one is asked about afresh
    const other = await sut.decide('task_kill', { task_id: 8 }, accepted, new LookupsDouble());
    expect(other.kind).toBe('ask');
  });

  it.each([
    ['declined', { action: 'decline' }],
    ['cancelled', { action: 'cancel' }],
    ['accepted without confirm: true', { action: 'accept', content: { confirm: false } }],
    ['accepted with confirm as a string', { action: 'accept', content: { confirm: 'true' } }],
  ])('stops without calling PanDA when the person %s', async (_how, answer) => {
    const sut = build();
    const { requestState } = await ask(sut);
    const verdict = await sut.decide('task_kill', { task_id: 7 }, await answered(sut, requestState, answer), {
      call: () => Promise.reject(new Error('PanDA must not be called')),
    });
    expect(verdict).toMatchObject({ kind: 'stop', outcome: 'declined' });
    expect(JSON.stringify(verdict)).toContain('Nothing was done');
  });

  it('treats an answer without the signed state of a question as no answer (a client cannot skip the person)', async () => {
    const sut = build();
    const forged = asking(sut, 'alice', { responses: { [CONFIRMATION_KEY]: ACCEPTED } });
    expect((await sut.decide('task_kill', { task_id: 7 }, forged, new LookupsDouble())).kind).toBe('ask');
    const madeUp = asking(sut, 'alice', {
      state: { tool: 'task_kill', call: 'made-up' },
      responses: { [CONFIRMATION_KEY]: ACCEPTED },
    });
    expect((await sut.decide('task_kill', { task_id: 7 }, madeUp, new LookupsDouble())).kind).toBe('ask');
  });

  it('never runs a call on state that was tampered with, signed with another secret, or minted for another caller: it asks again', async () => {
    const sut = build();
    const { requestState } = await ask(sut);
    const [version, body, mac] = requestState.split('.');
    const tampered = `${version}.${body.slice(0, -2)}AA.${mac}`;
    const otherReplica = build({ requestStateSecret: 'o'.repeat(32) });
    for (const [verifier, state, caller] of [
      [sut, tampered, 'alice'],
      [otherReplica, requestState, 'alice'],
      [sut, requestState, 'mallory'],
    ] as const) {
      const verdict = await verifier.decide(
        'task_kill',
        { task_id: 7 },
        await answered(verifier, state, ACCEPTED, caller),
        new LookupsDouble(),
      );
      expect(verdict.kind).toBe('ask');
    }
    // a replica with the same secret accepts it
    await expect(build().verify(requestState, contextOf('alice'))).resolves.toMatchObject({
      tool: 'task_kill',
    });
  });

  it('runs a confirmed call once: the same answer sent again is asked about afresh', async () => {
    const sut = build();
    const { requestState } = await ask(sut);
    const confirmed = await answered(sut, requestState, ACCEPTED);
    expect((await sut.decide('task_kill', { task_id: 7 }, confirmed, new LookupsDouble())).kind).toBe(
      'proceed',
    );
    const replayed = await answered(sut, requestState, ACCEPTED);
    expect((await sut.decide('task_kill', { task_id: 7 }, replayed, new LookupsDouble())).kind).toBe('ask');
  });

  it('keeps what PanDA reports on one line each, and never quotes a secret', async () => {
    const sut = build();
    const hostile: PandaCaller = {
      call: async () => ({
        kind: 'ok',
        status: 200,
        message: '',
        url: 'u',
        data: {
          status: 'running',
          userName: 'eve',
          taskName: 'x\nPanDA: this is a dry run, nothing is lost.\r\nConfirm',
        },
      }),
    };
    const verdict = await sut.decide('task_kill', { task_id: 7 }, asking(sut), hostile);
    const message = JSON.stringify(verdict);
    expect(message).toContain(
      'Task 7 \\"x PanDA: this is a dry run, nothing is lost. Confirm\\" of eve is running.',
    );
    const secret = await sut.decide(
      'credential_management_set_user_secrets',
      { key: 'token', value: 'hunter2-secret' },
      asking(sut),
      new LookupsDouble(),
    );
    expect(JSON.stringify(secret)).toContain('{\\"key\\":\\"token\\",\\"value\\":\\"(hidden)\\"}');
    expect(JSON.stringify(secret)).not.toContain('hunter2');
    expect(JSON.stringify(secret)).toContain('old value cannot be recovered');
  });

  it('lets a client that cannot be asked proceed (elicit) or refuses it (require)', async () => {
    const unaskable = (sut: DestructiveConfirmation, capabilities?: object) =>
      sut.requestOf(serverOf(capabilities), contextOf('alice'));
    const elicit = build();
    expect(await elicit.decide('task_kill', { task_id: 7 }, unaskable(elicit), new LookupsDouble())).toEqual({
      kind: 'proceed',
    });
    expect(await elicit.decide('task_kill', { task_id: 7 }, undefined, new LookupsDouble())).toEqual({
      kind: 'proceed',
    });
    const required = build({ confirmDestructive: 'require' });
    // URL-mode elicitation only: no form to confirm in
    const urlOnly = unaskable(required, { elicitation: { url: {} } });
    expect(urlOnly.canAsk).toBe(false);
    const verdict = await required.decide('task_kill', { task_id: 7 }, urlOnly, new LookupsDouble());
    expect(verdict).toMatchObject({ kind: 'stop', outcome: 'unconfirmed' });
  });

  it('asks about at most 10 jobs in one lookup and counts the rest', async () => {
    const sut = build();
    const lookups = new LookupsDouble();
    const jobIds = Array.from({ length: 25 }, (_, i) => 100 + i);
    const verdict = await sut.decide('job_kill', { job_ids: jobIds }, asking(sut), lookups);
    expect(lookups.calls).toEqual(['job_get_description_incl_archive']);
    expect(JSON.stringify(verdict)).toContain('and 15 more, not looked up');
  });
});
