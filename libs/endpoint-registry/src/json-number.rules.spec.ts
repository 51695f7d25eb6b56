import { createArgumentAjv } from './argument-checker';
import {
  forEachNonFiniteNumber,
  hasNonFiniteNumber,
  isUnsafeInteger,
  SAFE_INTEGER_KEYWORD,
  withSafeIntegers,
} from './json-number.rules';

describe(withSafeIntegers.name, () => {
  const sut = withSafeIntegers;
  const safe = { [SAFE_INTEGER_KEYWORD]: true };

  it('marks every subschema that takes integers, and not those that take any number', () => {
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        ids: { type: ['array', 'null'], items: { type: 'integer' } },
        either: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
        nullable: { type: ['integer', 'null'], default: null },
        ratio: { type: 'number' },
        mixed: { type: ['integer', 'number'] },
        any: {},
      },
    };
    expect(sut(schema)).toEqual({
      type: 'object',
      properties: {
        id: { type: 'integer', ...safe },
        ids: { type: ['array', 'null'], items: { type: 'integer', ...safe } },
        either: { anyOf: [{ type: 'integer', ...safe }, { type: 'string' }] },
        nullable: { type: ['integer', 'null'], default: null, ...safe },
        ratio: { type: 'number' },
        mixed: { type: ['integer', 'number'] },
        any: {},
      },
    });
    expect(schema.properties.id).toEqual({ type: 'integer' });
  });

  it('compiles with the argument validator, which then holds integers to the safe range', () => {
    const validate = createArgumentAjv().compile(sut({ type: 'array', items: { type: 'integer' } }));
    expect(validate([1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])).toBe(true);
    expect(validate([2 ** 53])).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/0', keyword: SAFE_INTEGER_KEYWORD });
  });
});

describe(isUnsafeInteger.name, () => {
  const sut = isUnsafeInteger;

  it('is true for integers beyond 2^53 - 1 only', () => {
    expect([2 ** 53, -(2 ** 53), 1e300].map(sut)).toEqual([true, true, true]);
    expect([Number.MAX_SAFE_INTEGER, 1.5, Infinity, NaN, '9007199254740993'].map(sut)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe(forEachNonFiniteNumber.name, () => {
  const sut = forEachNonFiniteNumber;

  it('gives the path and the number of each one that is not finite, depth first', () => {
    const found: Array<[unknown[], number]> = [];
    sut({ a: [1, Infinity, { b: -Infinity }], c: NaN, d: 'Infinity', e: null }, (path, n) => {
      found.push([[...path], n]);
      return true;
    });
    expect(found).toEqual([
      [['a', 1], Infinity],
      [['a', 2, 'b'], -Infinity],
      [['c'], NaN],
    ]);
  });

  it('stops when told to', () => {
    let calls = 0;
    sut([Infinity, Infinity, [Infinity]], () => ++calls < 2);
    expect(calls).toBe(2);
  });
});

describe(hasNonFiniteNumber.name, () => {
  const sut = hasNonFiniteNumber;

  it('looks everywhere in the value', () => {
    expect(sut({ a: { b: [1, 2, { c: -Infinity }] } })).toBe(true);
    expect(sut(Infinity)).toBe(true);
    expect(sut({ a: [1, 1e308, -1e308, 'x', null, true] })).toBe(false);
  });
});
