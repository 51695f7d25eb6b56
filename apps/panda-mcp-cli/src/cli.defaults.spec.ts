import { defaultPandaUrl, defaultTokenFile, defaultVo, loginCommandFor } from './cli.defaults';

describe(loginCommandFor.name, () => {
  const env = { HOME: '/home/u' };

  it('is plain `panda-mcp login` for the defaults', () => {
    const target = { pandaUrl: defaultPandaUrl(env), vo: defaultVo(env), tokenFile: defaultTokenFile(env) };
    expect(target).toEqual({
      pandaUrl: 'https://pandaserver.cern.ch:25443',
      vo: 'atlas',
      tokenFile: '/home/u/.panda_id_token',
    });
    expect(loginCommandFor(target, env)).toBe('panda-mcp login');
  });

  it('names what differs, so that the command renews the same token file', () => {
    expect(
      loginCommandFor({ pandaUrl: 'http://127.0.0.1:25080', vo: 'atlas', tokenFile: '/tmp/t' }, env),
    ).toBe('panda-mcp login --panda-url http://127.0.0.1:25080 --token-file /tmp/t');
  });

  it('follows the environment defaults (PANDA_SERVER, VO, PANDA_AUTH_VO, TOKEN_FILE)', () => {
    expect(defaultVo({ PANDA_AUTH_VO: 'sphenix' })).toBe('sphenix');
    expect(defaultVo({ VO: 'atlas', PANDA_AUTH_VO: 'sphenix' })).toBe('atlas');
    const custom = { PANDA_SERVER: 'https://p.example', VO: 'sphenix', TOKEN_FILE: '/t/tok' };
    expect(
      loginCommandFor({ pandaUrl: 'https://p.example', vo: 'sphenix', tokenFile: '/t/tok' }, custom),
    ).toBe('panda-mcp login');
  });
});
