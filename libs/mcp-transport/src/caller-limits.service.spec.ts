import { buildTestConfig } from '@panda-mcp/config';
import { ANONYMOUS_CALLER } from '@panda-mcp/operations';
import { CallerLimits } from './caller-limits.service';

describe(CallerLimits.name, () => {
  const build = () =>
    new CallerLimits(
      buildTestConfig({ maxCallsPerCaller: 2, maxSessionsPerCaller: 3, maxAnonymousSessions: 1 }),
    );

  it('counts a caller as anonymous until PanDA has accepted one of its calls', () => {
    const sut = build();
    expect(sut.bucketOf('jwt iss alice')).toBe(ANONYMOUS_CALLER);
    expect(sut.sessionAllowance('jwt iss alice')).toBe(1);
    sut.noteAccepted('jwt iss alice');
    expect(sut.bucketOf('jwt iss alice')).toBe('jwt iss alice');
    expect(sut.sessionAllowance('jwt iss alice')).toBe(3);
  });

  it('gives each accepted caller its own running-call allowance, and forged callers one shared one', () => {
    const sut = build();
    sut.noteAccepted('alice');
    const alice = [sut.acquireCall('alice'), sut.acquireCall('alice')];
    expect(alice.every(Boolean)).toBe(true);
    expect(sut.acquireCall('alice')).toBeUndefined();
    expect(sut.acquireCall('forged-1')).toBeDefined();
    expect(sut.acquireCall('forged-2')).toBeDefined();
    expect(sut.acquireCall('forged-3')).toBeUndefined();
    alice[0]!();
    alice[0]!(); // releasing twice gives back one slot only
    expect(sut.acquireCall('alice')).toBeDefined();
    expect(sut.acquireCall('alice')).toBeUndefined();
  });
});
