import { describeFetchError, LoginRequiredError } from './cli.errors';

describe(describeFetchError.name, () => {
  it('brings out the cause and hints at --ca-bundle for certificate problems', () => {
    const error = Object.assign(new TypeError('fetch failed'), {
      cause: { message: 'unable to verify the first certificate', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
    });
    expect(describeFetchError(error)).toBe(
      "fetch failed: unable to verify the first certificate, UNABLE_TO_VERIFY_LEAF_SIGNATURE (if the server's certificate comes from a private or grid CA, pass that CA with --ca-bundle)",
    );
    expect(describeFetchError(new Error('plain'))).toBe('plain');
  });
});

describe(LoginRequiredError.name, () => {
  it('says why and what to run', () => {
    const sut = new LoginRequiredError('no saved token (/home/u/.panda_id_token)', 'panda-mcp login');
    expect(sut.message).toBe(
      'PanDA login needed: no saved token (/home/u/.panda_id_token). Run `panda-mcp login` in a terminal, then try again.',
    );
    expect(sut.exitCode).toBe(1);
  });
});
