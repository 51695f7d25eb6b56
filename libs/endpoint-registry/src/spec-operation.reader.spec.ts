import type { HttpMethod, PandaEndpoint } from './endpoint.types';
import { SpecOperationReader } from './spec-operation.reader';
import { createSpecReaderContext, SpecReaderContext } from './spec-reader.context';
import { documentOf, FOREIGN, minimalDocument, operationAt, OURS } from './testing/api-spec.fixtures';

describe(SpecOperationReader.name, () => {
  /** Reads the operation at `pathKey` of the document; `path` is its path relative to the API v1 base. */
  function readerOf(text: string, file: string) {
    const document = documentOf(text);
    const context: SpecReaderContext = createSpecReaderContext(document, file);
    const sut = new SpecOperationReader(context);
    const read = (pathKey: string, method: 'get' | 'post', path = pathKey): PandaEndpoint | undefined => {
      const { operation, shared, segments } = operationAt(document, pathKey, method);
      return sut.read(method.toUpperCase() as HttpMethod, path, operation, shared, segments);
    };
    return { read, diagnostics: context.diagnostics };
  }

  describe('in our OpenAPI 3.1 document', () => {
    const { read } = readerOf(OURS, 'ours.yaml');

    it('takes module and function from x-panda-*, the access checks from x-panda-access', () => {
      expect(read('/creds/get_access_token', 'get')).toMatchObject({
        toolName: 'credential_management_get_access_token',
        module: 'credential_management',
        functionName: 'get_access_token',
        httpMethod: 'GET',
        path: '/creds/get_access_token',
        bodyEncoding: 'query',
        summary: 'Get an access token',
        access: { secure: true, productionRole: true, taskOwnerOrProduction: false },
      });
    });

    it('builds the description from summary, description and the access checks', () => {
      expect(read('/task/get_status', 'get')?.description).toBe(
        "Show the status of a task.\nReturns the task's status.",
      );
      expect(read('/creds/get_access_token', 'get')?.description).toMatch(/ Production role only\.$/);
      expect(read('/task/kill', 'post')?.description).toMatch(/ Task owner or production role only\.$/);
    });

    it('takes the annotations from x-panda-annotations, and by rule where there are none', () => {
      expect(read('/task/get_status', 'get')?.annotations).toEqual({
        title: 'Task status',
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      });
      expect(read('/task/kill', 'post')?.annotations).toEqual({
        title: 'Task: kill',
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      });
    });

    it('sends GET arguments in the query, POST ones as JSON, and file uploads as multipart', () => {
      expect(read('/task/get_status', 'get')?.bodyEncoding).toBe('query');
      expect(read('/task/kill', 'post')?.bodyEncoding).toBe('json');
      expect(read('/file_server/upload_cache_file', 'post')?.bodyEncoding).toBe('multipart');
    });

    it('builds the input schema from the parameters', () => {
      expect(read('/task/get_status', 'get')?.inputSchema).toEqual({
        type: 'object',
        properties: { task_id: { type: 'integer', description: 'JEDI task ID (jediTaskID).' } },
        required: ['task_id'],
        additionalProperties: false,
      });
    });
  });

  describe("in PanDA's hybrid Swagger 2.0 document", () => {
    const { read } = readerOf(FOREIGN, 'panda_api.yaml');

    it('recognises file uploads by the FileStorage description', () => {
      const log = read('/v1/file_server/upload_jedi_log', 'post', '/file_server/upload_jedi_log');
      expect(log?.bodyEncoding).toBe('multipart');
      expect(read('/v1/creds/set_user_secrets', 'post', '/creds/set_user_secrets')?.bodyEncoding).toBe(
        'json',
      );
    });

    it('keeps the description text and derives the access sentence from its words', () => {
      const secrets = read('/v1/creds/set_user_secrets', 'post', '/creds/set_user_secrets');
      expect(secrets?.access).toEqual({ secure: true, productionRole: true, taskOwnerOrProduction: false });
      expect(secrets?.description).toBe(
        'Set user secrets.\nSet a key-value pair. Requires a secure connection and production role. ' +
          'Production role only.',
      );
      expect(read('/v1/task/retry', 'post', '/task/retry')?.access).toEqual({
        secure: true,
        productionRole: false,
        taskOwnerOrProduction: true,
      });
      const log = read('/v1/file_server/upload_jedi_log', 'post', '/file_server/upload_jedi_log');
      expect(log?.access).toEqual({ secure: false, productionRole: false, taskOwnerOrProduction: false });
      expect(log?.description).toBe('Upload a JEDI log file.\nNo token needed.');
    });
  });

  describe('bad operations', () => {
    it.each([
      [
        'a malformed x-panda-access',
        '{ tags: [task], x-panda-access: { secure: yes please } }',
        'bad.yaml#/paths/~1task~1get_status/get/x-panda-access/secure: secure must be true or false',
      ],
      [
        'a file upload in a GET operation',
        '{ tags: [task], parameters: [{ name: f, in: query, x-panda-type: FileStorage }] }',
        'bad.yaml#/paths/~1task~1get_status/get: a GET operation cannot take a file upload',
      ],
      [
        'a tool name MCP does not allow',
        '{ tags: [task], x-panda-function: "get status" }',
        'bad.yaml#/paths/~1task~1get_status/get: "task_get status" is not a valid MCP tool name',
      ],
    ])('rejects %s, naming the file and the JSON pointer', (_what, operation, expected) => {
      const { read, diagnostics } = readerOf(minimalDocument(operation), 'bad.yaml');
      expect(read('/task/get_status', 'get')).toBeUndefined();
      expect(diagnostics.problems).toEqual([expected]);
    });

    it('guesses the module from the path when neither x-panda-module nor tags name it, with a warning', () => {
      const { read, diagnostics } = readerOf(minimalDocument('{ summary: Status }'), 'foreign.yaml');
      expect(read('/task/get_status', 'get')?.toolName).toBe('task_get_status');
      expect(diagnostics.warnings).toEqual([
        'foreign.yaml#/paths/~1task~1get_status/get: neither x-panda-module nor tags name the PanDA module; using "task" from the path',
      ]);
    });
  });
});
