import type { EndpointParameter, HttpMethod } from './endpoint.types';
import { SpecParameterReader } from './spec-parameter.reader';
import { createSpecReaderContext } from './spec-reader.context';
import { documentOf, FOREIGN, indent, minimalDocument, operationAt, OURS } from './testing/api-spec.fixtures';

describe(SpecParameterReader.name, () => {
  function readerOf(text: string, file: string) {
    const document = documentOf(text);
    const context = createSpecReaderContext(document, file);
    const sut = new SpecParameterReader(context);
    const read = (pathKey: string, method: 'get' | 'post') => {
      const { operation, shared, segments } = operationAt(document, pathKey, method);
      return sut.read(method.toUpperCase() as HttpMethod, operation, shared, segments);
    };
    const parameters = (pathKey: string, method: 'get' | 'post'): EndpointParameter[] =>
      read(pathKey, method).drafts.map((d) => d.parameter);
    return { read, parameters, diagnostics: context.diagnostics };
  }

  it('reads OpenAPI 3 query parameters with their schema, Python type and default', () => {
    const { parameters } = readerOf(OURS, 'ours.yaml');
    expect(parameters('/creds/get_access_token', 'get')).toEqual([
      {
        name: 'client_name',
        description: 'The client.',
        required: true,
        hasDefault: false,
        pythonType: 'str',
        schema: { type: 'string' },
      },
      {
        name: 'token_key',
        description: 'The key.',
        required: false,
        hasDefault: true,
        default: null,
        pythonType: 'str',
        schema: { type: ['string', 'null'], default: null },
      },
    ]);
  });

  it('maps Swagger 2.0 query parameters (type, items, default, enum on the parameter)', () => {
    const { parameters } = readerOf(FOREIGN, 'panda_api.yaml');
    expect(parameters('/v1/job/get_description', 'get')).toEqual([
      {
        name: 'job_ids',
        description: 'List of PanDA job IDs',
        required: true,
        hasDefault: false,
        schema: { type: 'array', items: { type: 'integer' } },
      },
      {
        name: 'timeout',
        description: 'Timeout in seconds',
        required: false,
        hasDefault: true,
        default: 60,
        schema: { type: 'integer', default: 60 },
      },
      {
        name: 'mode',
        description: '',
        required: false,
        hasDefault: false,
        schema: { type: 'string', enum: ['fast', 'full'] },
      },
    ]);
  });

  it('reads the parameters of the request body', () => {
    const { read } = readerOf(OURS, 'ours.yaml');
    const body = read('/task/kill', 'post');
    expect(body.multipart).toBe(false);
    expect(body.drafts.map((d) => d.parameter.name)).toEqual(['task_id', 'broadcast', 'job_ids']);
  });

  it('ignores the Python catch-all parameter, with a warning', () => {
    const { parameters, diagnostics } = readerOf(FOREIGN, 'panda_api.yaml');
    expect(parameters('/v1/system/get_attributes', 'get')).toEqual([]);
    expect(diagnostics.warnings).toEqual([
      'panda_api.yaml#/paths/~1v1~1system~1get_attributes/get/parameters/0: ignoring the Python catch-all parameter "**kwargs"',
    ]);
  });

  it('ignores header parameters, with a warning', () => {
    const { parameters, diagnostics } = readerOf(
      FOREIGN.replace("- { name: '**kwargs', in: query, type: object }", '- { name: X-Trace, in: header }'),
      'panda_api.yaml',
    );
    expect(parameters('/v1/system/get_attributes', 'get')).toEqual([]);
    expect(diagnostics.warnings).toEqual([
      'panda_api.yaml#/paths/~1v1~1system~1get_attributes/get/parameters/0: ignoring the header parameter "X-Trace" (panda-mcp sets headers itself)',
    ]);
  });

  describe('bad parameters', () => {
    const problems = (parameters: string) => {
      const { read, diagnostics } = readerOf(
        minimalDocument(`tags: [task]\nparameters:\n${indent(parameters, 2)}`),
        'bad.yaml',
      );
      read('/task/get_status', 'get');
      return diagnostics.problems;
    };

    it.each([
      [
        'a nameless parameter',
        '- in: query\n  schema: { type: integer }',
        'bad.yaml#/paths/~1task~1get_status/get/parameters/0/name: a parameter needs a name',
      ],
      [
        'a path parameter',
        '- { name: id, in: path, schema: { type: string } }',
        'bad.yaml#/paths/~1task~1get_status/get/parameters/0: path parameter "id": PanDA API v1 takes no path parameters',
      ],
      [
        'an unknown location',
        '- { name: id, in: body2 }',
        'bad.yaml#/paths/~1task~1get_status/get/parameters/0/in: parameter "id" has an unknown location "body2"',
      ],
    ])('rejects %s, naming the file and the JSON pointer', (_what, parameters, expected) => {
      expect(problems(parameters)).toEqual([expected]);
    });

    it('lists every problem at once', () => {
      expect(problems('- in: query\n- { name: x, in: query, schema: { type: intger } }')).toHaveLength(2);
    });
  });
});
