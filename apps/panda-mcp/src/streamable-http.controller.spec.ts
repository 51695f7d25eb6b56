import { INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import pino from 'pino';
import request from 'supertest';
import { buildTestConfig, PandaMcpConfig } from '@panda-mcp/config';
import { SessionRegistry } from '@panda-mcp/mcp-transport';
import { PandaCallRequest, PandaClient } from '@panda-mcp/panda-client';
import { AppModule } from './app.module';
import { StreamableHttpController } from './streamable-http.controller';

/** Records what the tool layer asked PanDA, and answers like PanDA's is_alive. */
class PandaClientDouble implements Pick<PandaClient, 'call' | 'apiBase'> {
  readonly apiBase = 'http://panda.invalid/api/v1';
  readonly calls: PandaCallRequest[] = [];
  async call(call: PandaCallRequest) {
    this.calls.push(call);
    return { kind: 'ok' as const, status: 200, message: '', data: 'running', url: this.apiBase };
  }
}

const ACCEPT = 'application/json, text/event-stream';

/** An unsigned ID token of one person (panda-mcp reads, never verifies, claims; PanDA verifies). */
function idToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ iss: 'https://iam.example', sub: 'alice-1', ...claims })}.sig`;
}
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'spec', version: '1' } },
};

describe(StreamableHttpController.name, () => {
  let app: INestApplication;
  let panda: PandaClientDouble;
  let warn: jest.SpyInstance;

  async function start(overrides: Partial<PandaMcpConfig> = {}) {
    panda = new PandaClientDouble();
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forConfig(buildTestConfig(overrides), pino({ level: 'silent' }))],
    })
      .overrideProvider(PandaClient)
      .useValue(panda)
      .compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    await app.init();
    return request(app.getHttpServer());
  }

  async function openSession(sut: ReturnType<typeof request>, token?: string): Promise<string> {
    const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    const opened = await sut
      .post('/mcp/')
      .set({ Accept: ACCEPT, ...auth })
      .send(initialize)
      .expect(200);
    const sessionId = opened.headers['mcp-session-id'];
    await sut
      .post('/mcp/')
      .set({ Accept: ACCEPT, 'Mcp-Session-Id': sessionId, 'Mcp-Protocol-Version': '2025-11-25', ...auth })
      .send({ jsonrpc: '2.0', method: 'notifications/initialized' })
      .expect(202);
    return sessionId;
  }

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await app?.close();
    jest.restoreAllMocks();
  });

  it('answers 403 from the admission guard for a refused Origin, and logs the refusal', async () => {
    const sut = await start();
    const answer = await sut
      .post('/mcp')
      .set({ Accept: ACCEPT, Origin: 'null', 'X-Request-Id': 'spec-403' })
      .send(initialize)
      .expect(403);
    expect(answer.body).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: 'Forbidden: Origin "null" is not accepted' },
    });
    expect(answer.headers['x-request-id']).toBe('spec-403');
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ msg: 'mcp request refused', status: 403, requestId: 'spec-403' }),
    );
  });

  it('answers -32700 through the exception filter for a body that is not JSON', async () => {
    const sut = await start();
    const answer = await sut
      .post('/mcp/')
      .set({ Accept: ACCEPT, 'Content-Type': 'application/json' })
      .send('{"jsonrpc": "2.0",')
      .expect(400);
    expect(answer.body.error.code).toBe(-32700);
    expect(answer.body.error.message).toMatch(/^Parse error/);
  });

  it('answers 503 with Retry-After when every session slot is taken', async () => {
    const sut = await start({ maxSessions: 1 });
    await openSession(sut);
    const refused = await sut.post('/mcp/').set('Accept', ACCEPT).send(initialize).expect(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.error.message).toContain('too many open sessions');
  });

  it('refuses new sessions as shutting down while draining, not as full', async () => {
    const sut = await start();
    app.get(SessionRegistry).stopAccepting();
    const refused = await sut.post('/mcp/').set('Accept', ACCEPT).send(initialize).expect(503);
    expect(refused.body.error.message).toContain('shutting down');
    expect(refused.headers['retry-after']).toBe('5');
  });

  it('hands the tool call the AuthContext the interceptor derived from that request', async () => {
    const sut = await start();
    const first = idToken({ exp: 1 });
    const refreshed = idToken({ exp: 2 });
    const sessionId = await openSession(sut, first);
    const call = (token: string, requestId: string) =>
      sut
        .post('/mcp/')
        .set({
          Accept: ACCEPT,
          'Mcp-Session-Id': sessionId,
          'Mcp-Protocol-Version': '2025-11-25',
          Authorization: `Bearer ${token}`,
          Origin: 'atlas',
          'X-Request-Id': requestId,
        })
        .send({
          jsonrpc: '2.0',
          id: requestId,
          method: 'tools/call',
          params: { name: 'task_get_status', arguments: { task_id: 1001 } },
        })
        .expect(200);

    await call(first, 'rid-1');
    await call(refreshed, 'rid-2');
    const toolCalls = panda.calls.filter((c) => c.target.toolName === 'task_get_status');
    expect(toolCalls.map((c) => c.auth)).toEqual([
      { token: first, vo: 'atlas', requestId: 'rid-1', caller: 'jwt https://iam.example alice-1' },
      { token: refreshed, vo: 'atlas', requestId: 'rid-2', caller: 'jwt https://iam.example alice-1' },
    ]);
  });

  it("answers another identity's request on a session as for an unknown session", async () => {
    const sut = await start();
    const sessionId = await openSession(sut, idToken({}));
    const answer = await sut
      .post('/mcp/')
      .set({
        Accept: ACCEPT,
        'Mcp-Session-Id': sessionId,
        'Mcp-Protocol-Version': '2025-11-25',
        Authorization: `Bearer ${idToken({ sub: 'bob-2' })}`,
      })
      .send({ jsonrpc: '2.0', id: 5, method: 'tools/list' })
      .expect(404);
    expect(answer.body.error.code).toBe(-32001);
  });
});
