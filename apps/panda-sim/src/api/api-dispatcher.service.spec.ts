import { TokenVerifierService } from '../auth/token-verifier.service';
import { SimDataStore } from '../data/sim-data.store';
import { IdTokenSigner } from '../identity/id-token.signer';
import { findSimUser, SimUser } from '../identity/sim-users.data';
import { RequestLogService } from '../request-log/request-log.service';
import { ClockDouble, clockDouble, signingKeyDouble, simConfigDouble } from '../testing/sim-test.doubles';
import { ApiCatalogueService } from './api-catalogue.service';
import { ApiDispatcherService, ApiHttpRequest, ECHO_MESSAGE } from './api-dispatcher.service';

describe(ApiDispatcherService.name, () => {
  const key = signingKeyDouble();
  const config = simConfigDouble({ commandDelaySeconds: 5 });
  const catalogue = new ApiCatalogueService(config);
  let time: ClockDouble;
  let log: RequestLogService;
  let store: SimDataStore;
  let sut: ApiDispatcherService;
  let signer: IdTokenSigner;

  beforeEach(() => {
    time = clockDouble(Date.now());
    log = new RequestLogService();
    store = new SimDataStore(config, time.clock);
    sut = new ApiDispatcherService(
      catalogue,
      new TokenVerifierService(config, key, time.clock),
      store,
      log,
      time.clock,
    );
    signer = new IdTokenSigner(key, config.issuer, config.clientId);
  });

  function token(user: string): string {
    return signer.idToken(findSimUser(user) as SimUser, 900, Math.floor(time.now() / 1000));
  }

  function request(overrides: Partial<ApiHttpRequest> & { user?: string; json?: unknown }): ApiHttpRequest {
    const { user, json, ...rest } = overrides;
    return {
      method: json === undefined ? 'GET' : 'POST',
      path: '/api/v1/system/is_alive',
      query: '',
      headers: {
        accept: 'application/json',
        ...(json === undefined ? {} : { contentType: 'application/json' }),
        ...(user ? { authorization: `Bearer ${token(user)}`, origin: 'atlas' } : {}),
      },
      body: Buffer.from(json === undefined ? '' : JSON.stringify(json)),
      remoteAddress: '127.0.0.1',
      secureTransport: false,
      ...rest,
    };
  }

  const envelope = (body: string | Iterable<string>) =>
    JSON.parse(typeof body === 'string' ? body : [...body].join('')) as {
      success: boolean;
      message: string;
      data: unknown;
    };

  it('serves every operation of the API description', () => {
    expect(catalogue.all()).toHaveLength(108);
    expect(catalogue.find('creds', 'get_access_token')?.module).toBe('credential_management');
  });

  it('answers 403 text/plain for an unknown function', () => {
    expect(sut.handle(request({ path: '/api/v1/task/no_such_thing' }))).toEqual({
      status: 403,
      contentType: 'text/plain',
      body: 'ERROR : method no_such_thing is forbidden',
    });
  });

  it('answers a wrong HTTP method in a 200 envelope', () => {
    const answer = sut.handle(request({ path: '/api/v1/task/kill', user: 'alice' }));
    expect(answer.status).toBe(200);
    expect(envelope(answer.body)).toEqual({
      success: false,
      message: 'expecting POST, received GET',
      data: null,
    });
  });

  it('needs a credential for a secure endpoint, none for is_alive', () => {
    const secure = sut.handle(request({ path: '/api/v1/task/get_status', query: 'task_id=1001' }));
    expect(envelope(secure.body)).toMatchObject({
      success: false,
      message: 'SSL secure connection is required',
    });
    expect(envelope(sut.handle(request({})).body)).toEqual({ success: true, message: '', data: null });
  });

  it('lets alice read task 1001, refuses bob killing it, lets carol kill it', () => {
    const read = sut.handle(
      request({ path: '/api/v1/task/get_status', query: 'task_id=1001', user: 'alice' }),
    );
    expect(envelope(read.body)).toEqual({ success: true, message: '', data: 'running' });
    const refused = sut.handle(request({ path: '/api/v1/task/kill', user: 'bob', json: { task_id: 1001 } }));
    expect(envelope(refused.body)).toEqual({
      success: false,
      message: 'not the task owner or no production role',
      data: null,
    });
    const killed = sut.handle(request({ path: '/api/v1/task/kill', user: 'carol', json: { task_id: 1001 } }));
    expect(envelope(killed.body)).toMatchObject({ success: true, data: 0 });
    expect(store.task(1001)?.status).toBe('aborting');
  });

  it('answers in Python repr when the client did not ask for JSON', () => {
    const answer = sut.handle(request({ headers: {} }));
    expect(answer).toEqual({
      status: 200,
      contentType: 'text/plain',
      body: "{'success': True, 'message': '', 'data': None}",
    });
  });

  it('answers a broken JSON body with a 500 and the parser message', () => {
    const answer = sut.handle(
      request({
        path: '/api/v1/task/kill',
        method: 'POST',
        headers: { contentType: 'application/json' },
        body: Buffer.from('{'),
      }),
    );
    expect(answer).toMatchObject({
      status: 500,
      body: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
    });
  });

  it('echoes endpoints it does not model, after validating them', () => {
    const answer = sut.handle(
      request({ path: '/api/v1/data_carousel/force_to_staging', user: 'carol', json: { request_id: 12 } }),
    );
    expect(envelope(answer.body)).toEqual({
      success: true,
      message: ECHO_MESSAGE,
      data: {
        module: 'data_carousel',
        function: 'force_to_staging',
        arguments: { request_id: 12, dataset: null },
      },
    });
  });

  it('logs who called, never the token', () => {
    const aliceToken = token('alice');
    sut.handle(
      request({
        path: '/api/v1/task/get_status',
        query: 'task_id=1001&note=' + aliceToken,
        headers: { authorization: `Bearer ${aliceToken}`, origin: 'atlas' },
      }),
    );
    const [entry] = log.recent(1);
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/api/v1/task/get_status',
      origin: 'atlas',
      user: 'alice',
      subject: findSimUser('alice')?.sub,
    });
    expect(JSON.stringify(entry)).not.toContain(aliceToken);
  });
});
