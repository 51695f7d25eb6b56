import { endpointParameterFromPython, schemaForPythonAnnotation } from './python-annotation.schema';

describe(schemaForPythonAnnotation.name, () => {
  const sut = schemaForPythonAnnotation;

  it.each([
    ['int', { type: 'integer' }],
    ['float', { type: 'number' }],
    ['int | float', { type: 'number' }],
    ['float | int', { type: 'number' }],
    ['bool', { type: 'boolean' }],
    ['str', { type: 'string' }],
    ['List[int]', { type: 'array', items: { type: 'integer' } }],
    ['List[str]', { type: 'array', items: { type: 'string' } }],
    ['List', { type: 'array' }],
    ['list', { type: 'array' }],
    ['dict', { type: 'object' }],
    ['Dict', { type: 'object' }],
    ['FileStorage', { type: 'string' }],
    ['id', {}],
    ['SomethingElse', {}],
  ])('maps %s without a default', (annotation, expected) => {
    expect(sut(annotation)).toEqual(expected);
  });

  it('maps a missing annotation to any JSON value', () => {
    expect(sut(null)).toEqual({});
  });

  it.each([
    ['int | None', { type: ['integer', 'null'] }],
    ['str | None', { type: ['string', 'null'] }],
    ['List[int] | None', { type: ['array', 'null'], items: { type: 'integer' } }],
    ['int | float | None', { type: ['number', 'null'] }],
    ['Optional[int]', { type: ['integer', 'null'] }],
  ])('adds null to the type of %s', (annotation, expected) => {
    expect(sut(annotation)).toEqual(expected);
  });

  it.each([
    ['int | str', { anyOf: [{ type: 'integer' }, { type: 'string' }] }],
    ['dict | str', { anyOf: [{ type: 'object' }, { type: 'string' }] }],
    ['Dict | str', { anyOf: [{ type: 'object' }, { type: 'string' }] }],
    ['int | str | None', { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }] }],
  ])('maps the union %s to anyOf', (annotation, expected) => {
    expect(sut(annotation)).toEqual(expected);
  });

  it('keeps defaults', () => {
    expect(sut('int', 60)).toEqual({ type: 'integer', default: 60 });
    expect(sut('bool', false)).toEqual({ type: 'boolean', default: false });
    expect(sut('str', '')).toEqual({ type: 'string', default: '' });
    expect(sut('List[str]', ['input', 'pseudo_input'])).toEqual({
      type: 'array',
      items: { type: 'string' },
      default: ['input', 'pseudo_input'],
    });
    expect(sut(null, 60)).toEqual({ default: 60 });
  });

  it('lets a parameter whose default is None accept null', () => {
    expect(sut('str', null)).toEqual({ type: ['string', 'null'], default: null });
    expect(sut('int | None', null)).toEqual({ type: ['integer', 'null'], default: null });
    expect(sut('int | float', null)).toEqual({ type: ['number', 'null'], default: null });
    expect(sut('List[str]', null)).toEqual({
      type: ['array', 'null'],
      items: { type: 'string' },
      default: null,
    });
    expect(sut('Dict | str', null)).toEqual({
      anyOf: [{ type: 'object' }, { type: 'string' }, { type: 'null' }],
      default: null,
    });
    expect(sut('id', null)).toEqual({ default: null });
    expect(sut(null, null)).toEqual({ default: null });
  });

  it('treats an explicit hasDefault=false as no default, whatever the value', () => {
    expect(sut('int', undefined, false)).toEqual({ type: 'integer' });
    expect(sut('int', null, false)).toEqual({ type: 'integer' });
  });
});

describe(endpointParameterFromPython.name, () => {
  const sut = endpointParameterFromPython;

  it('is required exactly when there is no default', () => {
    expect(sut({ name: 'task_id', annotation: 'int' })).toEqual({
      name: 'task_id',
      description: '',
      required: true,
      hasDefault: false,
      pythonType: 'int',
      schema: { type: 'integer' },
    });
    expect(sut({ name: 'timeout', annotation: null, default: 60 })).toEqual({
      name: 'timeout',
      description: '',
      required: false,
      hasDefault: true,
      default: 60,
      schema: { default: 60 },
    });
    expect(sut({ name: 'token_key', annotation: 'str', default: null })).toMatchObject({
      required: false,
      hasDefault: true,
      default: null,
      schema: { type: ['string', 'null'], default: null },
    });
  });
});
