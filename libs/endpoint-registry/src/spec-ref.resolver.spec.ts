import { SpecDiagnostics } from './spec-diagnostics.collector';
import { SpecRefResolver } from './spec-ref.resolver';

describe(SpecRefResolver.name, () => {
  const document = {
    components: {
      parameters: { TaskId: { name: 'task_id', in: 'query', description: 'The task.' } },
      schemas: {
        Alias: { $ref: '#/components/schemas/Target' },
        Target: { type: 'integer' },
        'a/b c': { type: 'string' },
      },
      loop: { $ref: '#/components/loop' },
    },
  };
  function resolverOf() {
    const diagnostics = new SpecDiagnostics('test.yaml');
    return { sut: new SpecRefResolver(document, diagnostics), diagnostics };
  }

  it('follows references, chains of them, and escaped pointers, and says where the value is', () => {
    const { sut, diagnostics } = resolverOf();
    expect(sut.resolve({ $ref: '#/components/schemas/Alias' }, ['here'])).toEqual({
      value: { type: 'integer' },
      segments: ['components', 'schemas', 'Target'],
      refs: ['#/components/schemas/Alias', '#/components/schemas/Target'],
    });
    expect(sut.resolve({ $ref: '#/components/schemas/a~1b%20c' }, ['here']).value).toEqual({
      type: 'string',
    });
    expect(sut.resolve({ type: 'string' }, ['here'])).toEqual({
      value: { type: 'string' },
      segments: ['here'],
      refs: [],
    });
    expect(diagnostics.problems).toEqual([]);
  });

  it("lets a reference's siblings override the target's keywords", () => {
    const { sut } = resolverOf();
    expect(
      sut.resolve({ $ref: '#/components/parameters/TaskId', required: true, description: 'Mine.' }, []).value,
    ).toEqual({
      name: 'task_id',
      in: 'query',
      description: 'Mine.',
      required: true,
    });
  });

  it.each([
    [
      'a dangling reference',
      '#/components/parameters/JobId',
      'test.yaml#/here/$ref: reference #/components/parameters/JobId points to nothing',
    ],
    [
      'a reference to another file',
      'other.yaml#/a',
      'test.yaml#/here/$ref: only references inside the document are supported, not other.yaml#/a',
    ],
    [
      'a recursive reference',
      '#/components/loop',
      'test.yaml#/components/loop/$ref: recursive reference #/components/loop is not supported',
    ],
    [
      'a malformed pointer',
      '#/components/a%',
      'test.yaml#/here/$ref: reference #/components/a% is not a valid JSON pointer (bad % escape)',
    ],
  ])('reports %s, naming the file and the JSON pointer', (_what, ref, expected) => {
    const { sut, diagnostics } = resolverOf();
    expect(sut.resolve({ $ref: ref }, ['here']).value).toBeUndefined();
    expect(diagnostics.problems).toEqual([expected]);
  });

  it('reports a reference already being followed further up as recursive', () => {
    const { sut, diagnostics } = resolverOf();
    sut.resolve({ $ref: '#/components/schemas/Target' }, ['here'], ['#/components/schemas/Target']);
    expect(diagnostics.problems).toEqual([
      'test.yaml#/here/$ref: recursive reference #/components/schemas/Target is not supported',
    ]);
  });
});
