import { buildTestConfig } from '@panda-mcp/config';
import { ANONYMOUS_CALLER } from '@panda-mcp/operations';
import type { PandaCallOutcome, PandaCallRequest, PandaClient } from '@panda-mcp/panda-client';
import { CallerAcceptance } from './caller-acceptance.service';
import { CallerLimits } from './caller-limits.service';

/** A PanDA double that accepts only the tokens it was given, and can hold its answers back. */
class PandaDouble implements Pick<PandaClient, 'call'> {
  readonly calls: PandaCallRequest[] = [];
  private releases: Array<() => void> = [];
  holding = false;
  constructor(private readonly realTokens: string[]) {}
  async call(request: PandaCallRequest): Promise<PandaCallOutcome> {
    this.calls.push(request);
    if (this.holding) await new Promise<void>((resolve) => this.releases.push(resolve));
    return this.realTokens.includes(request.auth.token ?? '')
      ? { kind: 'ok', status: 200, message: 'User DN: alice', data: {}, url: 'u' }
      : { kind: 'http_error', status: 403, text: 'ERROR : Invalid token', url: 'u' };
  }
  release(): void {
    this.releases.splice(0).forEach((resolve) => resolve());
  }
}

function build(realTokens: string[] = ['real']) {
  const panda = new PandaDouble(realTokens);
  const limits = new CallerLimits(buildTestConfig());
  const sut = new CallerAcceptance(panda as unknown as PandaClient, limits);
  return { sut, panda, limits };
}

const auth = (token: string) => ({ token, requestId: 'r' });

describe(CallerAcceptance.name, () => {
  it("accepts a caller whose token PanDA accepts, asking PanDA who it is with the caller's own token", async () => {
    const { sut, panda, limits } = build();
    await expect(sut.confirm('jwt alice', auth('real'))).resolves.toBe(true);
    expect(limits.isAnonymous('jwt alice')).toBe(false);
    expect(panda.calls).toHaveLength(1);
    expect(panda.calls[0]).toMatchObject({
      target: { path: '/system/get_user_attributes', httpMethod: 'GET' },
      auth: { token: 'real' },
    });
    await sut.confirm('jwt alice', auth('real'));
    expect(panda.calls).toHaveLength(1); // accepted callers are not asked again
  });

  it('never asks PanDA for a caller without a token, and asks once a minute for a refused one', async () => {
    const { sut, panda, limits } = build();
    await expect(sut.confirm(ANONYMOUS_CALLER, { requestId: 'r' })).resolves.toBe(false);
    await expect(sut.confirm('jwt forged', auth('made-up'))).resolves.toBe(false);
    await expect(sut.confirm('jwt forged', auth('made-up'))).resolves.toBe(false);
    expect(panda.calls).toHaveLength(1);
    expect(limits.isAnonymous('jwt forged')).toBe(true);
  });

  it('asks PanDA about at most four callers at once, so a flood of made-up tokens costs it little', async () => {
    const { sut, panda } = build([]);
    panda.holding = true;
    const checks = Array.from({ length: 10 }, (_, i) => sut.confirm(`jwt forged-${i}`, auth(`t-${i}`)));
    await Promise.resolve();
    expect(panda.calls).toHaveLength(4);
    panda.release();
    await expect(Promise.all(checks)).resolves.toEqual(Array(10).fill(false));
    expect(panda.calls).toHaveLength(4);
  });

  it("does not let a forged token that claims alice's identity lock out alice's real token", async () => {
    const { sut, limits } = build(['real']);
    await expect(sut.confirm('jwt alice', auth('forged-with-alice-claims'))).resolves.toBe(false);
    await expect(sut.confirm('jwt alice', auth('real'))).resolves.toBe(true);
    expect(limits.isAnonymous('jwt alice')).toBe(false);
  });

  it('remembers only PanDA saying no, not an outage, and asks once for concurrent checks of one token', async () => {
    const { sut, panda } = build([]);
    const outage = new PandaDouble([]);
    outage.call = async (request) => {
      outage.calls.push(request);
      return { kind: 'http_error', status: 503, text: 'Service Unavailable', url: 'u' };
    };
    const flaky = new CallerAcceptance(outage as unknown as PandaClient, new CallerLimits(buildTestConfig()));
    await flaky.confirm('jwt bob', auth('t-bob'));
    await flaky.confirm('jwt bob', auth('t-bob'));
    expect(outage.calls).toHaveLength(2); // a 503 is not held against the token
    panda.holding = true;
    const both = [sut.confirm('jwt carol', auth('t-carol')), sut.confirm('jwt carol', auth('t-carol'))];
    await Promise.resolve();
    expect(panda.calls).toHaveLength(1);
    panda.release();
    await expect(Promise.all(both)).resolves.toEqual([false, false]);
  });
});
