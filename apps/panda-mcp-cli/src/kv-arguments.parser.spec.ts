import { UsageError } from './cli.errors';
import { buildToolArguments, parseKv, typeKvValue } from './kv-arguments.parser';

describe(typeKvValue.name, () => {
  it.each([
    ['True', true],
    ['False', false],
    ['true', true],
    ['None', null],
    ['1001', 1001],
    ['-3', -3],
    ['2.5', 2.5],
    ['1e3', 1000],
    ['[6500000101, 6500000102]', [6500000101, 6500000102]],
    ['{"a": 1}', { a: 1 }],
  ])('types %s', (raw, typed) => {
    expect(typeKvValue(raw)).toEqual(typed);
  });

  it.each(['007', 'atlas', 'TRUE', '', '1.', '[not json', '12345678901234567890'])(
    'keeps %p a string',
    (raw) => {
      expect(typeKvValue(raw)).toBe(raw);
    },
  );
});

describe(parseKv.name, () => {
  it('splits at the first = only', () => {
    expect(parseKv('comment=a=b')).toEqual(['comment', 'a=b']);
    expect(parseKv('task_id=1001')).toEqual(['task_id', 1001]);
    expect(parseKv('name=')).toEqual(['name', '']);
  });

  it.each(['novalue', '=1'])('refuses %p as a usage error', (pair) => {
    expect(() => parseKv(pair)).toThrow(UsageError);
  });
});

describe(buildToolArguments.name, () => {
  it('starts from --json and lets --kv add and override', () => {
    const sut = buildToolArguments('{"task_id": 1, "keep": "x"}', ['task_id=1001', 'soft=True']);
    expect(sut).toEqual({ task_id: 1001, keep: 'x', soft: true });
  });

  it('accepts no arguments at all', () => {
    expect(buildToolArguments(undefined, [])).toEqual({});
  });

  it.each(['{broken', '[1, 2]', 'null', '"text"'])('refuses --json %p', (json) => {
    expect(() => buildToolArguments(json, [])).toThrow(UsageError);
  });
});
