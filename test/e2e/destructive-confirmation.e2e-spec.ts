import {
  Client as Client2026,
  StreamableHTTPClientTransport as Streamable2026,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { connect2025, Credentials, fetchWithCredentials, textOf } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/** The person behind a client: what they were asked, and what they answer next. */
class Person {
  readonly questions: string[] = [];
  answer: ElicitResult = { action: 'decline' };

  readonly respond = async (request: { params: { message?: string } }): Promise<ElicitResult> => {
    this.questions.push(request.params.message ?? '');
    return this.answer;
  };
}

const ACCEPT: ElicitResult = { action: 'accept', content: { confirm: true } };

/**
 * Confirmation before destructive calls (confirm_destructive), with the official clients of both eras:
 * a client that declares elicitation is asked, with what PanDA reports about the task, and PanDA is
 * called only after "confirm"; a client that cannot be asked proceeds (`elicit`) or is refused (`require`).
 */
describe('confirmation before destructive calls', () => {
  let sim: RunningPandaSim;
  let alice: Credentials;
  const services: RunningPandaMcp[] = [];
  const closing: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    sim = await startPandaSim();
    alice = { token: await sim.token('alice', 'atlas'), vo: 'atlas' };
  }, 60_000);

  afterAll(async () => {
    for (const client of closing) await client.close().catch(() => undefined);
    for (const service of services) await service.stop();
    await sim?.stop();
  });

  const start = async (env: Record<string, string> = {}) => {
    const service = await startPandaMcp({ PANDA_API_URL: sim.apiUrl, ...env });
    services.push(service);
    return service;
  };
  const kills = () => sim.callsTo('/task/kill');

  /** A v1 (2025-era) client that declares elicitation and hands every question to `person`. */
  const asking2025 = async (url: string, person: Person, transport: 'streamable' | 'sse' = 'streamable') => {
    const client = new Client(
      { name: 'e2e-asking', version: '1.0.0' },
      { capabilities: { elicitation: {} } },
    );
    client.setRequestHandler(ElicitRequestSchema, person.respond);
    const fetch = fetchWithCredentials(alice);
    await client.connect(
      transport === 'sse'
        ? new SSEClientTransport(new URL(url), { fetch, eventSourceInit: { fetch } })
        : new StreamableHTTPClientTransport(new URL(url), { fetch }),
    );
    closing.push(client);
    return client;
  };

  /** A v2 client pinned to 2026-07-28 that declares elicitation; its SDK does the input rounds itself. */
  const asking2026 = async (url: string, person: Person) => {
    const client = new Client2026(
      { name: 'e2e-asking-2026', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    client.setRequestHandler('elicitation/create', (request) => person.respond(request));
    await client.connect(new Streamable2026(new URL(url), { fetch: fetchWithCredentials(alice) }));
    closing.push(client);
    return client;
  };

  const expectQuestionAboutTask1001 = (question: string) => {
    expect(question).toContain('task_kill {"task_id":1001}');
    // the task as PanDA reports it: its owner, its state and its jobs
    expect(question).toMatch(
      /Task 1001 "[^"]+" of Alice Anderson is (running|aborting|aborted) \(\d+ jobs: /,
    );
    expect(question).toContain('cannot be recovered');
  };

  it.each([
    ['2025-era session (v1 client, answered over SSE)', 'streamable2025'],
    ['2026-07-28 (v2 client, input_required rounds)', 'streamable2026'],
    ['2024-11-05 SSE transport', 'sse'],
  ] as const)(
    '%s: decline -> nothing done and no PanDA call; confirm -> PanDA gets the kill',
    async (_era, kind) => {
      const mcp = await start(kind === 'sse' ? { PANDA_MCP_TRANSPORT: 'sse' } : {});
      const person = new Person();
      const client =
        kind === 'streamable2026'
          ? await asking2026(mcp.mcpUrl, person)
          : await asking2025(mcp.mcpUrl, person, kind === 'sse' ? 'sse' : 'streamable');

      const before = await kills();
      const declined = await client.callTool({ name: 'task_kill', arguments: { task_id: 1001 } });
      expect(declined.isError).toBe(true);
      expect(textOf(declined)).toContain('Nothing was done');
      expect(person.questions).toHaveLength(1);
      expectQuestionAboutTask1001(person.questions[0]);
      expect(await kills()).toBe(before);

      person.answer = ACCEPT;
      const accepted = await client.callTool({ name: 'task_kill', arguments: { task_id: 1001 } });
      expect(person.questions).toHaveLength(2);
      expect(textOf(accepted)).not.toContain('Nothing was done');
      expect(await kills()).toBe(before + 1);

      // read-only tools never ask
      await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      expect(person.questions).toHaveLength(2);
    },
    60_000,
  );

  it('a client without elicitation proceeds as today (elicit), or is refused without a PanDA call (require)', async () => {
    const elicit = await start();
    const required = await start({ PANDA_MCP_CONFIRM_DESTRUCTIVE: 'require' });
    const plain = await connect2025(elicit.mcpUrl, alice);
    const plainRequired = await connect2025(required.mcpUrl, alice);
    closing.push(plain, plainRequired);

    const before = await kills();
    const done = await plain.callTool({ name: 'task_kill', arguments: { task_id: 1002 } });
    expect(textOf(done)).not.toContain('Nothing was done');
    expect(await kills()).toBe(before + 1);

    const refused = await plainRequired.callTool({ name: 'task_kill', arguments: { task_id: 1002 } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('only after a person confirms it, and your client cannot be asked');
    expect(await kills()).toBe(before + 1);

    // require still asks a client that can be asked
    const person = new Person();
    const asking = await asking2025(required.mcpUrl, person);
    person.answer = ACCEPT;
    await asking.callTool({ name: 'task_kill', arguments: { task_id: 1002 } });
    expect(person.questions).toHaveLength(1);
    expect(await kills()).toBe(before + 2);
  }, 60_000);

  it('asks before call_tool reaches a destructive tool in search mode, and never with confirm_destructive=off', async () => {
    const searching = await start({ PANDA_MCP_TOOL_DISCOVERY: 'search' });
    const off = await start({ PANDA_MCP_CONFIRM_DESTRUCTIVE: 'off' });
    const person = new Person();
    const client = await asking2025(searching.mcpUrl, person);
    const before = await kills();
    const declined = await client.callTool({
      name: 'call_tool',
      arguments: { name: 'task_kill', arguments: { task_id: 1001 } },
    });
    expect(textOf(declined)).toContain('Nothing was done');
    expectQuestionAboutTask1001(person.questions[0]);
    expect(await kills()).toBe(before);

    const unasked = new Person();
    const offClient = await asking2025(off.mcpUrl, unasked);
    await offClient.callTool({ name: 'task_kill', arguments: { task_id: 1001 } });
    expect(unasked.questions).toEqual([]);
    expect(await kills()).toBe(before + 1);
  }, 60_000);

  it('describes the jobs of a job_kill: their state, site and owner', async () => {
    const mcp = await start();
    const person = new Person();
    const client = await asking2026(mcp.mcpUrl, person);
    const ids = await client.callTool({ name: 'task_get_job_ids', arguments: { task_id: 1001 } });
    const jobIds = (JSON.parse(textOf(ids)) as { data?: number[] }).data ?? [];
    expect(jobIds.length).toBeGreaterThan(0);
    await client.callTool({ name: 'job_kill', arguments: { job_ids: jobIds.slice(0, 2) } });
    expect(person.questions[0]).toMatch(
      new RegExp(`Jobs \\(2\\): ${jobIds[0]} \\w+ at \\S+ of task 1001, owner Alice Anderson`),
    );
    expect(person.questions[0]).toContain('PanDA kills the jobs');
  }, 60_000);
});

describe('confirmation round trips under attack (2026-07-28, replayed by hand)', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp;
  let alice: Credentials;

  beforeAll(async () => {
    sim = await startPandaSim();
    alice = { token: await sim.token('alice', 'atlas'), vo: 'atlas' };
    mcp = await startPandaMcp({ PANDA_API_URL: sim.apiUrl });
  }, 60_000);

  afterAll(async () => {
    await mcp?.stop();
    await sim?.stop();
  });

  const kills = () => sim.callsTo('/task/kill');

  it('refuses forged answers, tampered state and state of another call; PanDA gets no kill', async () => {
    // the official client's own requests, recorded: the first round and the answered retry
    const sent: Array<{ headers: Headers; body: Record<string, unknown> }> = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string' && init.body.includes('"tools/call"')) {
        sent.push({ headers: new Headers(init.headers), body: JSON.parse(init.body) });
      }
      return fetchWithCredentials(alice)(input, init);
    };
    const person = new Person();
    const client = new Client2026(
      { name: 'e2e-recorded', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    client.setRequestHandler('elicitation/create', (request) => person.respond(request));
    await client.connect(new Streamable2026(new URL(mcp.mcpUrl), { fetch: recordingFetch }));
    try {
      await client.callTool({ name: 'task_kill', arguments: { task_id: 1003 } });
      person.answer = ACCEPT;
      await client.callTool({ name: 'task_kill', arguments: { task_id: 1003 } });
    } finally {
      await client.close();
    }
    const before = await kills();
    // sent: [question 1, declined retry, question 2, confirmed retry]
    expect(sent).toHaveLength(4);
    const [, declinedRetry, , confirmedRetry] = sent;

    const replay = async (recorded: (typeof sent)[number], changed: Record<string, unknown> = {}) => {
      const headers = new Headers(recorded.headers);
      headers.set('Authorization', `Bearer ${alice.token}`);
      const params = recorded.body.params as Record<string, unknown>;
      const response = await fetch(mcp.mcpUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...recorded.body, id: 99, params: { ...params, ...changed } }),
      });
      return (await response.json()) as { result?: Record<string, unknown>; error?: { code: number } };
    };
    const accept = { inputResponses: { confirm: ACCEPT } };
    const state = (declinedRetry.body.params as { requestState: string }).requestState;
    expect(typeof state).toBe('string');

    // an answer with no question asked: asked again, not run
    expect((await replay(declinedRetry, { ...accept, requestState: undefined })).result?.resultType).toBe(
      'input_required',
    );
    // state that was tampered with counts as none: asked again
    const tampered = await replay(declinedRetry, { ...accept, requestState: `${state.slice(0, -4)}AAAA` });
    expect(tampered.result?.resultType).toBe('input_required');
    // the state of task 1003's question does not confirm a kill of task 1004
    const otherTask = await replay(declinedRetry, { ...accept, arguments: { task_id: 1004 } });
    expect(otherTask.result?.resultType).toBe('input_required');
    // a confirmed retry sent again does not kill again
    expect((await replay(confirmedRetry)).result?.resultType).toBe('input_required');
    expect(await kills()).toBe(before);
  }, 60_000);
});
