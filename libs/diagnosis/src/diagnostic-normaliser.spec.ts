import { MAX_NORMALISED_LENGTH, normaliseDiagnostic } from './diagnostic-normaliser';

describe(normaliseDiagnostic.name, () => {
  it.each([
    [
      'Failed to execute payload:Non-zero return code from athena (65), see /srv/workDir/PanDA_Pilot-7000000005/payload.stdout',
      'Failed to execute payload:Non-zero return code from athena (<n>), see <path>',
    ],
    [
      'Payload exceeded maximum allowed memory: maxPSS 2516 MB > 2000 MB per core on wn629.bnl-atlas.example',
      'Payload exceeded maximum allowed memory: maxPSS <n> MB > <n> MB per core on <host>',
    ],
    [
      'checksum mismatch for 5c1e2a9b-0f3d-4c1a-9e7b-2d6f8a1b3c4e: adler32 0x1a2b3c4d != 9f8e7d6c5b4a3f2e',
      'checksum mismatch for <guid>: adler32 <hex> != <hex>',
    ],
    ['lost heartbeat : 2026-11-29 08:48:25.669000', 'lost heartbeat : <time>'],
    [
      'rucio download of DAOD_PHYS.38100000._000034 failed: adler32 mismatch (local 3349127d, expected 8bea4c30)',
      'rucio download of DAOD_PHYS.<n>._<n> failed: adler32 mismatch (local <hex>, expected <hex>)',
    ],
    ['stage-in from root://eosatlas.cern.ch//eos/atlas/x.root failed', 'stage-in from <url> failed'],
    ['  many\n\tspaces  ', 'many spaces'],
  ])('normalises %j', (diagnostic, expected) => {
    expect(normaliseDiagnostic(diagnostic)).toBe(expected);
  });

  it('makes the same failure on different jobs one text', () => {
    const a = normaliseDiagnostic(
      'cannot open /srv/workDir/PanDA_Pilot-7000000005/DAOD.38100000._000005.pool.root.1 on wn12.cern.ch',
    );
    const b = normaliseDiagnostic(
      'cannot open /srv/workDir/PanDA_Pilot-7000000777/DAOD.38100000._000777.pool.root.1 on wn99.cern.ch',
    );
    expect(a).toBe(b);
  });

  it('reads nothing into an unset diagnostic and bounds long ones', () => {
    expect(normaliseDiagnostic(null)).toBe('');
    expect(normaliseDiagnostic('x '.repeat(100_000)).length).toBeLessThanOrEqual(MAX_NORMALISED_LENGTH);
  });
});
