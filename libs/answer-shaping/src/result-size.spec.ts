import { escapedByteSize, prefixFitting, textByteSize } from './result-size';

describe(escapedByteSize.name, () => {
  it.each([
    ['plain', 'PandaID 7000000001'],
    ['quotes and backslashes', 'say "hi" \\ there'],
    ['control characters', 'a\nb\tc\u0001d\u001fe\b\f\r'],
    ['multi-byte text', 'ошибка ✗ 作业 😀'],
    ['lone surrogates', 'x\ud800y\udc00z\ud83d'],
  ])('counts %s exactly as JSON.stringify escapes them', (_name, text) => {
    expect(escapedByteSize(text)).toBe(Buffer.byteLength(JSON.stringify(text)) - 2);
  });

  it('measures a value as it appears inside a text block', () => {
    const value = { diag: 'a "quoted" path\n' };
    expect(textByteSize(value)).toBe(Buffer.byteLength(JSON.stringify(JSON.stringify(value))) - 2);
  });
});

describe(prefixFitting.name, () => {
  it('keeps the longest prefix that fits, without splitting a surrogate pair', () => {
    const text = `${'a'.repeat(10)}😀${'b'.repeat(10)}`;
    const fitted = prefixFitting(text, 12);
    expect(fitted).toBe('a'.repeat(10));
    expect(prefixFitting('x'.repeat(1_000_000), 100)).toHaveLength(100);
  });
});
