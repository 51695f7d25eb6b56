import { CliError, LoginRequiredError } from './cli.errors';
import { CredentialsProvider, refreshDecision } from './credentials.provider';
import { OidcRefusedError } from './oidc.client';
import { clockDouble, ClockDouble, jwtWith, logDouble, RefresherDouble } from './testing/cli-test.doubles';
import { MemoryTokenStore, StoredTokens, TokenResponse } from './token.store';

const NOW = 1_800_000_000;

describe(refreshDecision.name, () => {
  const tokens = (expiresIn: number, refresh = true): StoredTokens => ({
    id_token: 'id',
    ...(refresh ? { refresh_token: 'r' } : {}),
    expires_at: NOW + expiresIn,
  });

  it.each([
    ['uses a token with more than the margin left', tokens(301), 'use'],
    ['refreshes within the margin', tokens(300), 'refresh'],
    ['refreshes an expired token', tokens(-10), 'refresh'],
    ['uses a token within the margin when it cannot be refreshed', tokens(100, false), 'use'],
    ['asks for a login when it has expired and cannot be refreshed', tokens(0, false), 'login'],
  ])('%s', (_, stored, action) => {
    expect(refreshDecision(stored, NOW, 300).action).toBe(action);
  });

  it('asks for a login without tokens', () => {
    expect(refreshDecision(undefined, NOW, 300)).toEqual({ action: 'login', reason: 'no saved token' });
    expect(refreshDecision({ expires_at: NOW + 900 }, NOW, 300).action).toBe('login');
  });
});

describe(CredentialsProvider.name, () => {
  const LOGIN = 'panda-mcp login --vo atlas';
  let clock: ClockDouble;
  let store: MemoryTokenStore;
  let refresher: RefresherDouble;
  let logs: ReturnType<typeof logDouble>;
  let sut: CredentialsProvider;

  const issued = (name: string, lifetime = 900): TokenResponse => ({
    id_token: jwtWith({ sub: name, exp: Math.floor(clock.now() / 1000) + lifetime }),
    refresh_token: `refresh-${name}`,
    expires_in: lifetime,
  });

  beforeEach(() => {
    clock = clockDouble(NOW);
    store = new MemoryTokenStore();
    refresher = new RefresherDouble();
    logs = logDouble();
    sut = new CredentialsProvider(store, refresher, {
      marginSeconds: 300,
      loginCommand: LOGIN,
      now: clock.now,
      log: logs.log,
    });
  });

  it('hands out the saved token while it has more than the margin left', async () => {
    const first = store.write(issued('one'), NOW);
    clock.advanceSeconds(599);
    expect(await sut.current()).toBe(first.id_token);
    expect(sut.peek()).toBe(first.id_token);
    expect(refresher.calls).toEqual([]);
  });

  it('refreshes within the margin and saves the new tokens', async () => {
    store.write(issued('one'), NOW);
    clock.advanceSeconds(600);
    const second = issued('two');
    refresher.answer(second);
    expect(await sut.current()).toBe(second.id_token);
    expect(refresher.calls).toEqual(['refresh-one']);
    expect(store.read()).toMatchObject({ refresh_token: 'refresh-two', expires_at: NOW + 600 + 900 });
    expect(logs.lines.map((l) => l.message).join()).toContain('refreshed the PanDA token');
    expect(JSON.stringify(logs.lines)).not.toContain(second.id_token as string);
  });

  it('keeps the refresh token when the identity provider does not rotate it', async () => {
    store.write(issued('one'), NOW);
    clock.advanceSeconds(800);
    refresher.answer({ id_token: jwtWith({}), expires_in: 900 });
    await sut.current();
    expect(store.read()?.refresh_token).toBe('refresh-one');
  });

  it('refreshes once for concurrent requests', async () => {
    store.write(issued('one'), NOW);
    clock.advanceSeconds(800);
    refresher.answer(issued('two'));
    const tokens = await Promise.all([sut.current(), sut.current(), sut.forceRefresh(undefined)]);
    expect(new Set(tokens).size).toBe(1);
    expect(refresher.calls).toHaveLength(1);
  });

  it('forceRefresh refreshes a token the server refused, even when it is not due', async () => {
    const first = store.write(issued('one'), NOW);
    refresher.answer(issued('two'));
    const token = await sut.forceRefresh(first.id_token);
    expect(token).not.toBe(first.id_token);
    expect(refresher.calls).toEqual(['refresh-one']);
  });

  it('forceRefresh takes a newer token from the file instead of refreshing again', async () => {
    const first = store.write(issued('one'), NOW);
    const renewed = store.write(issued('renewed'), NOW);
    expect(await sut.forceRefresh(first.id_token)).toBe(renewed.id_token);
    expect(refresher.calls).toEqual([]);
  });

  it('asks for a login, naming the command, when there is no token', async () => {
    await expect(sut.current()).rejects.toThrow(LoginRequiredError);
    await expect(sut.current()).rejects.toThrow(`no saved token (${store.location}). Run \`${LOGIN}\``);
    expect(sut.peek()).toBeUndefined();
  });

  it('asks for a login when the identity provider refuses the refresh token', async () => {
    store.write(issued('one'), NOW);
    clock.advanceSeconds(1000);
    refresher.answer(new OidcRefusedError('invalid_grant', 'unknown, used or expired refresh_token'));
    await expect(sut.current()).rejects.toThrow(
      'the identity provider refused to refresh the token (invalid_grant)',
    );
  });

  it('uses the token another process saved while its own refresh was refused', async () => {
    store.write(issued('one'), NOW);
    clock.advanceSeconds(800);
    // the other bridge spent the single-use refresh token first and saved its result
    const theirs = issued('theirs');
    refresher.beforeAnswer = () => store.write(theirs, Math.floor(clock.now() / 1000));
    refresher.answer(new OidcRefusedError('invalid_grant'));
    expect(await sut.current()).toBe(theirs.id_token);
  });

  it('keeps using a still valid token when the identity provider cannot be reached', async () => {
    const first = store.write(issued('one'), NOW);
    clock.advanceSeconds(800);
    refresher.answer(new TypeError('fetch failed'));
    expect(await sut.current()).toBe(first.id_token);
    expect(logs.lines).toContainEqual(expect.objectContaining({ level: 'warn' }));
    clock.advanceSeconds(200);
    refresher.answer(new TypeError('fetch failed'));
    await expect(sut.current()).rejects.toThrow(/expired and could not be refreshed: fetch failed/);
  });

  it('asks for a login when the token file is broken', async () => {
    const broken = {
      location: '/x/token',
      read: (): StoredTokens => {
        throw new CliError('the token file /x/token is not JSON');
      },
      write: (): StoredTokens => {
        throw new CliError('read-only');
      },
    };
    const withBroken = new CredentialsProvider(broken, refresher, {
      marginSeconds: 300,
      loginCommand: LOGIN,
    });
    await expect(withBroken.current()).rejects.toThrow(LoginRequiredError);
    await expect(withBroken.current()).rejects.toThrow('the token file /x/token is not JSON');
  });
});
