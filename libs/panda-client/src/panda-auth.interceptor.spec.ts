import { readCallerToken } from './auth-context';
import { applyPandaAuth } from './panda-auth.interceptor';

const plumbing = { Accept: 'application/json', 'User-Agent': 'panda-mcp' };

describe(applyPandaAuth.name, () => {
  it('sets Authorization, Origin and X-Request-Id from the auth context', () => {
    expect(applyPandaAuth(plumbing, { token: 't1', vo: 'atlas', requestId: 'r1' })).toEqual({
      Accept: 'application/json',
      'User-Agent': 'panda-mcp',
      Authorization: 'Bearer t1',
      Origin: 'atlas',
      'X-Request-Id': 'r1',
    });
  });

  it('sends no Authorization and no Origin when the caller had none', () => {
    expect(applyPandaAuth(plumbing, { requestId: 'r2' })).toEqual({ ...plumbing, 'X-Request-Id': 'r2' });
  });

  it('keeps body headers and leaves out unset ones', () => {
    const sut = applyPandaAuth(
      { ...plumbing, 'Content-Type': 'application/json', 'Content-Length': undefined },
      undefined,
    );
    expect(sut).toEqual({ ...plumbing, 'Content-Type': 'application/json' });
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
