import { AxiosHeaders, InternalAxiosRequestConfig } from 'axios';
import { readCallerToken } from './auth-context';
import { applyPandaAuth } from './panda-auth.interceptor';

function configWith(headers: Record<string, string>, pandaAuth?: InternalAxiosRequestConfig['pandaAuth']) {
  return { headers: new AxiosHeaders(headers), pandaAuth } as InternalAxiosRequestConfig;
}

describe(applyPandaAuth.name, () => {
  it('sets Authorization, Origin and X-Request-Id from the auth context', () => {
    const sut = applyPandaAuth(
      configWith({ Accept: 'application/json' }, { token: 't1', vo: 'atlas', requestId: 'r1' }),
    );
    expect(sut.headers.toJSON()).toEqual({
      Accept: 'application/json',
      Authorization: 'Bearer t1',
      Origin: 'atlas',
      'X-Request-Id': 'r1',
    });
  });

  it('sends no Authorization and no Origin when the caller had none', () => {
    const sut = applyPandaAuth(configWith({}, { requestId: 'r2' }));
    expect(sut.headers.toJSON()).toEqual({ 'X-Request-Id': 'r2' });
  });

  it('drops every other header, so cookies or stray tokens never reach PanDA', () => {
    const sut = applyPandaAuth(
      configWith(
        { Cookie: 'c=1', 'X-Auth-Token': 'other', Authorization: 'Bearer stale' },
        { token: 'fresh', requestId: 'r3' },
      ),
    );
    expect(sut.headers.toJSON()).toEqual({ Authorization: 'Bearer fresh', 'X-Request-Id': 'r3' });
  });
});

describe(readCallerToken.name, () => {
  it('prefers X-Auth-Token over Authorization, as the reference server does', () => {
    expect(readCallerToken({ 'x-auth-token': 'a', authorization: 'Bearer b' })).toBe('a');
  });

  it('strips the Bearer prefix in any case', () => {
    expect(readCallerToken({ authorization: 'bearer   tok' })).toBe('tok');
    expect(readCallerToken(new Headers({ Authorization: 'Bearer tok2' }))).toBe('tok2');
  });

  it('treats an empty or bare "Bearer" header as no token', () => {
    expect(readCallerToken({ authorization: 'Bearer ' })).toBeUndefined();
    expect(readCallerToken({})).toBeUndefined();
  });
});
