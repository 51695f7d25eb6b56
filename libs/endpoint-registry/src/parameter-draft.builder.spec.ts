import { ParameterDeclaration, ParameterDraftBuilder } from './parameter-draft.builder';
import { createSpecReaderContext } from './spec-reader.context';

describe(ParameterDraftBuilder.name, () => {
  function builderOf() {
    const context = createSpecReaderContext({}, 'test.yaml');
    return { sut: new ParameterDraftBuilder(context), diagnostics: context.diagnostics };
  }
  const declaration = (overrides: Partial<ParameterDeclaration>): ParameterDeclaration => ({
    description: '',
    required: false,
    pythonType: undefined,
    schema: { type: 'string' },
    isFile: false,
    segments: ['p'],
    hint: {},
    ...overrides,
  });

  it('makes the parameter, with its default and Python type', () => {
    const { sut } = builderOf();
    expect(
      sut.build(
        'timeout',
        declaration({
          description: ' Seconds. ',
          pythonType: 'int',
          schema: { type: 'integer', default: 60 },
        }),
      ),
    ).toEqual({
      parameter: {
        name: 'timeout',
        description: 'Seconds.',
        required: false,
        hasDefault: true,
        default: 60,
        pythonType: 'int',
        schema: { type: 'integer', default: 60 },
      },
      isFile: false,
      segments: ['p'],
    });
  });

  it('accepts null where null is the default, with a warning', () => {
    const { sut, diagnostics } = builderOf();
    const draft = sut.build('site', declaration({ schema: { type: 'string', default: null } }));
    expect(draft.parameter.schema).toEqual({ type: ['string', 'null'], default: null });
    expect(diagnostics.warnings).toEqual([
      'test.yaml#/p: "site" defaults to null but its schema does not accept null; null is accepted',
    ]);
  });

  it.each([
    ['Swagger 2.0 type file', { isFile: true }],
    ['x-panda-type FileStorage', { pythonType: 'FileStorage' }],
    ['format binary', { hint: { format: 'binary' } }],
    ['contentMediaType', { hint: { contentMediaType: 'application/gzip' } }],
    ['a description naming FileStorage', { description: 'werkzeug.FileStorage object to be uploaded.' }],
  ])('recognises a file upload by %s', (_what, overrides: Partial<ParameterDeclaration>) => {
    expect(builderOf().sut.build('file', declaration(overrides)).isFile).toBe(true);
  });

  it('reads x-panda-type, and rejects one that is not a string', () => {
    const { sut, diagnostics } = builderOf();
    expect(sut.pythonType({ 'x-panda-type': 'List[int]' }, ['p'])).toBe('List[int]');
    expect(sut.pythonType({}, ['p'])).toBeUndefined();
    expect(sut.pythonType({ 'x-panda-type': 3 }, ['p'])).toBeUndefined();
    expect(diagnostics.problems).toEqual([
      'test.yaml#/p/x-panda-type: x-panda-type must be a string (the Python annotation)',
    ]);
  });
});
