import { createSpecReaderContext } from './spec-reader.context';
import { SpecSchemaNormalizer } from './spec-schema.normalizer';

describe(SpecSchemaNormalizer.name, () => {
  const components = {
    schemas: {
      JobIds: {
        description: 'PanDA IDs of the jobs.',
        'x-panda-type': 'List[int]',
        type: 'array',
        items: { $ref: '#/components/schemas/JobId' },
      },
      JobId: { type: 'integer', example: 4242, description: 'A PandaID.' },
    },
  };
  function normalizerOf(file = 'test.yaml') {
    const context = createSpecReaderContext({ openapi: '3.1.0', components }, file);
    return { sut: new SpecSchemaNormalizer(context), diagnostics: context.diagnostics };
  }

  describe('normalize', () => {
    it('resolves local $refs, drops x-* and OpenAPI-only keywords, and the top-level description', () => {
      const { sut, diagnostics } = normalizerOf();
      const schema = sut.normalize(
        { $ref: '#/components/schemas/JobIds', default: [], 'x-note': 1 } as Record<string, unknown>,
        ['p'],
      );
      expect(schema).toEqual({
        type: 'array',
        items: { type: 'integer', description: 'A PandaID.' },
        default: [],
      });
      expect(diagnostics.problems).toEqual([]);
    });

    it('turns OpenAPI 3.0 nullable into a null type, also in subschemas', () => {
      const { sut } = normalizerOf();
      expect(
        sut.normalize(
          { type: 'object', nullable: true, properties: { a: { type: 'string', nullable: true } } },
          ['p'],
        ),
      ).toEqual({ type: ['object', 'null'], properties: { a: { type: ['string', 'null'] } } });
    });

    it('keeps literal values (default, enum, const) as they are', () => {
      const { sut } = normalizerOf();
      const raw = {
        type: 'object',
        default: { $ref: 'not a reference', 'x-y': 1 },
        enum: [{ nullable: true }],
      };
      expect(sut.normalize(raw, ['p'])).toEqual(raw);
    });

    it('rejects a schema that is not a valid JSON Schema, naming the file and the JSON pointer', () => {
      const { sut, diagnostics } = normalizerOf('bad.yaml');
      expect(
        sut.normalize({ type: 'intger' }, ['paths', '/task/get_status', 'get', 'parameters', 0, 'schema']),
      ).toBe(undefined);
      expect(diagnostics.problems).toHaveLength(1);
      expect(diagnostics.problems[0]).toMatch(
        /^bad\.yaml#\/paths\/~1task~1get_status\/get\/parameters\/0\/schema: not a valid JSON Schema: type must be one of /,
      );
    });
  });

  describe('fromSwaggerParameter', () => {
    it('maps type, items and the other Swagger 2.0 fields to JSON Schema', () => {
      const { sut } = normalizerOf();
      expect(
        sut.fromSwaggerParameter(
          {
            name: 'ids',
            in: 'query',
            type: 'array',
            items: { type: 'integer', maximum: 10, exclusiveMaximum: true },
            collectionFormat: 'multi',
            'x-nullable': true,
          },
          ['p'],
        ),
      ).toEqual({
        schema: { type: ['array', 'null'], items: { type: 'integer', exclusiveMaximum: 10 } },
        isFile: false,
      });
      expect(sut.fromSwaggerParameter({ name: 'f', in: 'formData', type: 'file' }, ['p'])).toEqual({
        schema: { type: 'string' },
        isFile: true,
      });
    });

    it('rejects an unknown Swagger 2.0 type', () => {
      const { sut, diagnostics } = normalizerOf('panda_api.yaml');
      const at = ['paths', '/v1/job/get_description', 'get', 'parameters', 1];
      expect(sut.fromSwaggerParameter({ name: 'timeout', type: 'int', default: 60 }, at)).toBeUndefined();
      expect(diagnostics.problems).toEqual([
        'panda_api.yaml#/paths/~1v1~1job~1get_description/get/parameters/1/type: unknown type "int" ' +
          '(expected integer, number, boolean, string, array or object)',
      ]);
    });
  });
});
