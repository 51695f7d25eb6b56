import { createStderrLogger } from './stderr.logger';

describe(createStderrLogger.name, () => {
  it('writes lines at or above the threshold, with time and level', () => {
    const lines: string[] = [];
    const sut = createStderrLogger(
      'info',
      (t) => lines.push(t),
      () => new Date('2026-01-02T03:04:05Z'),
    );
    sut('debug', 'hidden');
    sut('info', 'shown');
    sut('error', 'also shown');
    expect(lines).toEqual([
      '2026-01-02T03:04:05.000Z panda-mcp bridge info: shown\n',
      '2026-01-02T03:04:05.000Z panda-mcp bridge error: also shown\n',
    ]);
  });

  it('writes nothing when silent', () => {
    const lines: string[] = [];
    createStderrLogger('silent', (t) => lines.push(t))('error', 'x');
    expect(lines).toEqual([]);
  });
});
