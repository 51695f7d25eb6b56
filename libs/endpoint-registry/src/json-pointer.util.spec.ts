import {
  fragmentSegments,
  jsonPointer,
  pointerFragment,
  pointerSegments,
  valueAtPointer,
} from './json-pointer.util';

describe(jsonPointer.name, () => {
  const sut = jsonPointer;

  it('escapes ~ and / (RFC 6901)', () => {
    expect(sut(['paths', '/task/kill', 'post', 0])).toBe('/paths/~1task~1kill/post/0');
    expect(sut(['a~b', 'c/~d'])).toBe('/a~0b/c~1~0d');
    expect(sut([])).toBe('');
  });
});

describe(pointerSegments.name, () => {
  const sut = pointerSegments;

  it('undoes jsonPointer', () => {
    expect(sut('/paths/~1task~1kill/post/0')).toEqual(['paths', '/task/kill', 'post', '0']);
    expect(sut('/a~0b/c~1~0d')).toEqual(['a~b', 'c/~d']);
    expect(sut('/a%20b')).toEqual(['a%20b']);
    expect(sut('')).toEqual([]);
    expect(sut('/')).toEqual(['']);
  });
});

describe(fragmentSegments.name, () => {
  const sut = fragmentSegments;

  it('percent-decodes each segment, then unescapes it', () => {
    expect(sut('/components/schemas/a%20b~1c')).toEqual(['components', 'schemas', 'a b/c']);
    expect(sut('/a%7E1')).toEqual(['a/']);
    expect(sut('')).toEqual([]);
  });

  it('throws a URIError for a malformed escape', () => {
    expect(() => sut('/a%')).toThrow(URIError);
  });
});

describe(pointerFragment.name, () => {
  const sut = pointerFragment;

  it('is the URI fragment form that fragmentSegments reads', () => {
    const segments = ['properties', 'a b/c~d', '#?%'];
    expect(sut(segments)).toBe('/properties/a%20b~1c~0d/%23%3F%25');
    expect(fragmentSegments(sut(segments))).toEqual(segments);
  });
});

describe(valueAtPointer.name, () => {
  const sut = valueAtPointer;
  const document = { a: { b: [10, { c: 'here' }] }, 'x/y': 1 };

  it('follows object keys and array indexes', () => {
    expect(sut(document, ['a', 'b', 1, 'c'])).toBe('here');
    expect(sut(document, ['a', 'b', '0'])).toBe(10);
    expect(sut(document, ['x/y'])).toBe(1);
    expect(sut(document, [])).toBe(document);
  });

  it('gives undefined for what is not there, inherited properties included', () => {
    expect(sut(document, ['a', 'missing'])).toBeUndefined();
    expect(sut(document, ['a', 'b', 5])).toBeUndefined();
    expect(sut(document, ['a', 'b', 0, 'c'])).toBeUndefined();
    expect(sut(document, ['toString'])).toBeUndefined();
    expect(sut(document, ['a', '__proto__'])).toBeUndefined();
  });
});
