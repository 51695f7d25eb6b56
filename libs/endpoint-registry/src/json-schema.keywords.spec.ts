import { mapSubschemas } from './json-schema.keywords';

describe(mapSubschemas.name, () => {
  const sut = mapSubschemas;
  const marked = (subschema: unknown, path: Array<string | number>) => ({
    at: path.join('/'),
    was: subschema,
  });

  it('maps each direct subschema, with its path, and copies everything else', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' } },
      items: [{ type: 'integer' }, true],
      additionalProperties: false,
      anyOf: [{ type: 'null' }],
      not: { type: 'boolean' },
      default: { properties: { b: {} } },
      enum: [{ items: {} }],
      minimum: 1,
    };
    const copy = sut(schema, marked);
    expect(copy).toEqual({
      type: 'object',
      properties: { a: { at: 'properties/a', was: { type: 'string' } } },
      items: [
        { at: 'items/0', was: { type: 'integer' } },
        { at: 'items/1', was: true },
      ],
      additionalProperties: { at: 'additionalProperties', was: false },
      anyOf: [{ at: 'anyOf/0', was: { type: 'null' } }],
      not: { at: 'not', was: { type: 'boolean' } },
      default: { properties: { b: {} } },
      enum: [{ items: {} }],
      minimum: 1,
    });
    expect(copy.default).not.toBe(schema.default);
  });

  it('copies malformed subschema places as data, and leaves out what `keep` refuses', () => {
    expect(
      sut({ items: 'x', anyOf: {}, properties: [], 'x-y': 1 }, marked, (k) => !k.startsWith('x-')),
    ).toEqual({
      items: 'x',
      anyOf: {},
      properties: [],
    });
  });
});
