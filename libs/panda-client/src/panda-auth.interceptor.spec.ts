import axios, { AxiosHeaders, InternalAxiosRequestConfig } from 'axios';
import { readCallerToken } from './auth-context';
import { applyPandaAuth, usePandaAuthInterceptor } from './panda-auth.interceptor';

const plumbing = { Accept: 'application/json', 'User-Agent': 'panda-mcp' };

function configWith(
  pandaAuth: InternalAxiosRequestConfig['pandaAuth'],
  headers: Record<string, string> = plumbing,
): InternalAxiosRequestConfig {
  return { headers: new AxiosHeaders(headers), pandaAuth };
}

describe(applyPandaAuth.name, () => {
  const sut = applyPandaAuth;

  it('sets Authorization, Origin and X-Request-Id from the auth context', () => {
    const headers = sut(configWith({ token: 't1', vo: 'atlas', requestId: 'r1' })).headers.toJSON();
    expect(headers).toEqual({
      Accept: 'application/json',
      'User-Agent': 'panda-mcp',
      Authorization: 'Bearer t1',
      Origin: 'atlas',
      'X-Request-Id': 'r1',
    });
  });

  it('sends no Authorization and no Origin when the caller had none', () => {
    expect(sut(configWith({ requestId: 'r2' })).headers.toJSON()).toEqual({
      ...plumbing,
      'X-Request-Id': 'r2',
    });
  });

  it('drops credentials that did not come from the auth context', () => {
    const config = configWith(
      { requestId: 'r3' },
      { ...plumbing, authorization: 'Bearer stale', origin: 'cms' },
    );
    expect(sut(config).headers.toJSON()).toEqual({ ...plumbing, 'X-Request-Id': 'r3' });
  });

  it("adds only the call span's traceparent (tracing on), and drops trace context from anywhere else", () => {
    const config = configWith(
      { requestId: 'r4' },
      { ...plumbing, traceparent: '00-aaaa-bbbb-01', tracestate: 'caller=1' },
    );
    expect(sut(config).headers.toJSON()).toEqual({ ...plumbing, 'X-Request-Id': 'r4' });
    const traced = { ...configWith({ requestId: 'r5' }), pandaTraceparent: '00-4bf9-00f0-01' };
    expect(sut(traced).headers.toJSON()).toEqual({
      ...plumbing,
      'X-Request-Id': 'r5',
      traceparent: '00-4bf9-00f0-01',
    });
  });

  it('is installed as a request interceptor of the axios instance', async () => {
    const client = axios.create({ headers: plumbing });
    usePandaAuthInterceptor(client);
    let seen: Record<string, unknown> = {};
    await client.get('http://panda.invalid/x', {
      pandaAuth: { token: 'tok', vo: 'atlas', requestId: 'r4' },
      adapter: async (config) => {
        seen = config.headers.toJSON();
        return { data: '', status: 200, statusText: 'OK', headers: {}, config };
      },
    });
    expect(seen).toMatchObject({ Authorization: 'Bearer tok', Origin: 'atlas', 'X-Request-Id': 'r4' });
  });
});

describe(readCallerToken.name, () => {
  const sut = readCallerToken;

  it('prefers X-Auth-Token over Authorization, as the reference server does', () => {
    expect(sut({ 'x-auth-token': 'a', authorization: 'Bearer b' })).toBe('a');
  });

  it('strips the Bearer prefix in any case', () => {
    expect(sut({ authorization: 'bearer   tok' })).toBe('tok');
    expect(sut(new Headers({ Authorization: 'Bearer tok2' }))).toBe('tok2');
  });

  it('treats an empty or bare "Bearer" header as no token', () => {
    expect(sut({ authorization: 'Bearer ' })).toBeUndefined();
    expect(sut({})).toBeUndefined();
  });

  it('never turns another scheme into a bearer token', () => {
    expect(sut({ authorization: 'Basic YWxpY2U6c2VjcmV0' })).toBeUndefined();
    expect(sut({ authorization: 'Negotiate abc' })).toBeUndefined();
  });
});
