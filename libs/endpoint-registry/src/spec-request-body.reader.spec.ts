import { ParameterDraftBuilder } from './parameter-draft.builder';
import { createSpecReaderContext } from './spec-reader.context';
import { SpecRequestBodyReader } from './spec-request-body.reader';
import { SpecSchemaNormalizer } from './spec-schema.normalizer';
import { documentOf, FOREIGN, operationAt, OURS } from './testing/api-spec.fixtures';

describe(SpecRequestBodyReader.name, () => {
  function readerOf(text: string, file: string) {
    const document = documentOf(text);
    const context = createSpecReaderContext(document, file);
    const sut = new SpecRequestBodyReader(
      context,
      new SpecSchemaNormalizer(context),
      new ParameterDraftBuilder(context),
    );
    /** The requestBody of the POST operation at `pathKey`. */
    const read = (pathKey: string) => {
      const { operation, segments } = operationAt(document, pathKey, 'post');
      return sut.readRequestBody(operation.requestBody, [...segments, 'requestBody']);
    };
    return { read, diagnostics: context.diagnostics };
  }

  it('reads a JSON body, resolving $refs and dropping x-* keys from the schemas', () => {
    const body = readerOf(OURS, 'ours.yaml').read('/task/kill');
    expect(body.multipart).toBe(false);
    const parameters = body.drafts.map((d) => d.parameter);
    expect(parameters.map((p) => [p.name, p.required, p.pythonType])).toEqual([
      ['task_id', true, 'int'],
      ['broadcast', false, 'bool'],
      ['job_ids', false, 'List[int]'],
    ]);
    expect(parameters[1]).toEqual({
      name: 'broadcast',
      description: 'Tell the pilots.',
      required: false,
      hasDefault: true,
      default: false,
      pythonType: 'bool',
      schema: { type: 'boolean', default: false },
    });
    expect(parameters[2]).toMatchObject({
      description: 'PanDA IDs of the jobs.',
      hasDefault: true,
      default: [],
      schema: { type: 'array', items: { type: 'integer' }, default: [] },
    });
  });

  it('reads multipart bodies, whose FileStorage parameters are file uploads', () => {
    const body = readerOf(OURS, 'ours.yaml').read('/file_server/upload_cache_file');
    expect(body.multipart).toBe(true);
    expect(body.drafts).toHaveLength(1);
    expect(body.drafts[0].isFile).toBe(true);
    expect(body.drafts[0].parameter).toMatchObject({
      name: 'file',
      pythonType: 'FileStorage',
      required: true,
    });
  });

  it('reads the OpenAPI 3 request bodies of a Swagger 2.0 document', () => {
    const body = readerOf(FOREIGN, 'panda_api.yaml').read('/v1/creds/set_user_secrets');
    expect(body.drafts.map((d) => d.parameter)).toEqual([
      { name: 'key', description: 'Key', required: true, hasDefault: false, schema: { type: 'string' } },
      { name: 'value', description: 'Value', required: true, hasDefault: false, schema: { type: 'string' } },
    ]);
  });

  it('recognises file uploads by the FileStorage description', () => {
    const body = readerOf(FOREIGN, 'panda_api.yaml').read('/v1/file_server/upload_jedi_log');
    expect(body.multipart).toBe(false);
    expect(body.drafts[0].isFile).toBe(true);
  });

  it.each([
    [
      'without content',
      '{}',
      'bad.yaml#/paths/~1task~1kill/post/requestBody: a requestBody needs a content map',
    ],
    [
      'without JSON or multipart content',
      '{ content: { text/plain: {} } }',
      'bad.yaml#/paths/~1task~1kill/post/requestBody/content: no application/json or multipart/form-data content (found: text/plain)',
    ],
    [
      'that is not an object',
      '{ content: { application/json: { schema: { type: array } } } }',
      'bad.yaml#/paths/~1task~1kill/post/requestBody/content/application~1json/schema/type: the request body must be a JSON object (type: object)',
    ],
    [
      'requiring a property it does not have',
      '{ content: { application/json: { schema: { properties: { a: {} }, required: [b] } } } }',
      'bad.yaml#/paths/~1task~1kill/post/requestBody/content/application~1json/schema/required/0: required property "b" is not among the properties',
    ],
  ])('rejects a body %s, naming the file and the JSON pointer', (_what, requestBody, expected) => {
    const text = `openapi: 3.1.0\npaths:\n  /task/kill:\n    post: { tags: [task], requestBody: ${requestBody} }\n`;
    const { read, diagnostics } = readerOf(text, 'bad.yaml');
    read('/task/kill');
    expect(diagnostics.problems).toEqual([expected]);
  });
});
