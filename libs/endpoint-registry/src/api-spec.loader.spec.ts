import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadApiSpec, parseApiSpec } from './api-spec.loader';
import type { PandaEndpoint } from './endpoint.types';
import { EndpointRegistryError } from './endpoint-registry.error';

/** A small document in our style (docs/api-description.md). */
const OURS = `
openapi: 3.1.0
info: { title: test, version: '1' }
servers:
  - url: https://pandaserver.example.org:25443/api/v1
paths:
  /task/get_status:
    get:
      operationId: task_get_status
      tags: [task]
      summary: Show the status of a task
      description: Returns the task's status.
      x-panda-module: task
      x-panda-function: get_status
      x-panda-access: { secure: true, production_role: false, task_owner_or_production: false }
      x-panda-annotations:
        title: Task status
        readOnlyHint: true
        destructiveHint: false
        idempotentHint: true
        openWorldHint: true
      parameters:
        - name: task_id
          in: query
          required: true
          description: JEDI task ID (jediTaskID).
          x-panda-type: int
          schema: { type: integer }
  /creds/get_access_token:
    get:
      operationId: credential_management_get_access_token
      tags: [credential_management]
      summary: Get an access token
      description: Returns a token for a client.
      x-panda-module: credential_management
      x-panda-function: get_access_token
      x-panda-access: { secure: true, production_role: true, task_owner_or_production: false }
      parameters:
        - name: client_name
          in: query
          required: true
          description: The client.
          x-panda-type: str
          schema: { type: string }
        - name: token_key
          in: query
          required: false
          description: The key.
          x-panda-type: str
          schema: { type: [string, 'null'], default: null }
  /task/kill:
    post:
      operationId: task_kill
      tags: [task]
      summary: Kill a task
      description: Kills the task and its jobs.
      x-panda-module: task
      x-panda-function: kill
      x-panda-access: { secure: true, production_role: false, task_owner_or_production: true }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [task_id]
              properties:
                task_id:
                  description: JEDI task ID.
                  x-panda-type: int
                  type: integer
                broadcast:
                  description: Tell the pilots.
                  x-panda-type: bool
                  type: boolean
                  default: false
                job_ids:
                  $ref: '#/components/schemas/JobIds'
  /file_server/upload_cache_file:
    post:
      operationId: file_server_upload_cache_file
      tags: [file_server]
      summary: Upload a file to the cache
      x-panda-module: file_server
      x-panda-function: upload_cache_file
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file:
                  description: The file's content.
                  x-panda-type: FileStorage
                  type: string
  /task/submit:
    put:
      summary: not exposed
components:
  schemas:
    JobIds:
      description: PanDA IDs of the jobs.
      x-panda-type: List[int]
      type: array
      items: { type: integer }
      default: []
`;

/** A small document in the style of PanDA's published panda_api.yaml. */
const FOREIGN = `
swagger: '2.0'
host: pandaserver.example.org
basePath: /api
info: { title: PanDA API, version: 1.0.0 }
paths:
  /v1/job/get_description:
    get:
      summary: Get job descriptions
      description: 'Gets the description of jobs. Requires a secure connection.


        '
      tags: [job]
      parameters:
      - name: job_ids
        in: query
        required: true
        type: array
        items: { type: integer }
        collectionFormat: multi
        description: List of PanDA job IDs
      - name: timeout
        in: query
        required: false
        type: integer
        default: 60
        description: Timeout in seconds
      - name: mode
        in: query
        type: string
        enum: [fast, full]
  /v1/creds/set_user_secrets:
    post:
      summary: Set user secrets
      description: Set a key-value pair. Requires a secure connection and production role.
      tags: [credential_management]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                key: { type: string, description: Key }
                value: { type: string, description: Value }
              required: [key, value]
  /v1/file_server/upload_jedi_log:
    post:
      summary: Upload a JEDI log file
      tags: [file_server]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                file: { type: string, description: werkzeug.FileStorage object to be uploaded. }
              required: [file]
  /v1/task/retry:
    post:
      summary: Retry task
      description: Requires a secure connection. Only the task owner or a production manager may retry.
      tags: [task]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                task_id: { type: integer }
  /v1/system/get_attributes:
    get:
      summary: Get attributes
      tags: [system]
      parameters:
      - { name: '**kwargs', in: query, type: object }
    delete:
      summary: not exposed
`;

function load(text: string, file = 'test.yaml'): ReturnType<typeof parseApiSpec> {
  return parseApiSpec(parse(text), file);
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(EndpointRegistryError);
    return [...(error as EndpointRegistryError).problems];
  }
  throw new Error('expected an EndpointRegistryError');
}

function byName(endpoints: PandaEndpoint[], toolName: string): PandaEndpoint {
  const found = endpoints.find((e) => e.toolName === toolName);
  if (!found) throw new Error(`no ${toolName} among ${endpoints.map((e) => e.toolName).join(', ')}`);
  return found;
}

describe(parseApiSpec.name, () => {
  const sut = load;

  describe('our OpenAPI 3.1 document', () => {
    const spec = sut(OURS, 'ours.yaml');

    it('reads every GET and POST operation, in document order, and warns about the rest', () => {
      expect(spec.style).toBe('openapi');
      expect(spec.endpoints.map((e) => e.toolName)).toEqual([
        'task_get_status',
        'credential_management_get_access_token',
        'task_kill',
        'file_server_upload_cache_file',
      ]);
      expect(spec.warnings).toEqual([
        'ours.yaml#/paths/~1task~1submit/put: ignoring the PUT operation (only GET and POST are exposed)',
      ]);
    });

    it('takes paths relative to the API v1 base, module and function from x-panda-*', () => {
      const endpoint = byName(spec.endpoints, 'credential_management_get_access_token');
      expect(endpoint).toMatchObject({
        module: 'credential_management',
        functionName: 'get_access_token',
        httpMethod: 'GET',
        path: '/creds/get_access_token',
        bodyEncoding: 'query',
        summary: 'Get an access token',
        access: { secure: true, productionRole: true, taskOwnerOrProduction: false },
      });
    });

    it('reads query parameters with their schema, Python type and default', () => {
      const endpoint = byName(spec.endpoints, 'credential_management_get_access_token');
      expect(endpoint.parameters).toEqual([
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
      expect(endpoint.inputSchema).toEqual({
        type: 'object',
        properties: {
          client_name: { type: 'string', description: 'The client.' },
          token_key: {
            type: ['string', 'null'],
            default: null,
            description: "The key. Optional; leave it out (or null) for PanDA's default.",
          },
        },
        required: ['client_name'],
        additionalProperties: false,
      });
    });

    it('reads a JSON body, resolving $refs and dropping x-* keys from the schemas', () => {
      const endpoint = byName(spec.endpoints, 'task_kill');
      expect(endpoint.httpMethod).toBe('POST');
      expect(endpoint.bodyEncoding).toBe('json');
      expect(endpoint.parameters.map((p) => [p.name, p.required, p.pythonType])).toEqual([
        ['task_id', true, 'int'],
        ['broadcast', false, 'bool'],
        ['job_ids', false, 'List[int]'],
      ]);
      expect(endpoint.parameters[2]).toMatchObject({
        description: 'PanDA IDs of the jobs.',
        hasDefault: true,
        default: [],
        schema: { type: 'array', items: { type: 'integer' }, default: [] },
      });
      expect(endpoint.inputSchema.properties.broadcast).toEqual({
        type: 'boolean',
        default: false,
        description: 'Tell the pilots. Default: false.',
      });
      expect(endpoint.inputSchema.required).toEqual(['task_id']);
    });

    it('sends file uploads as multipart', () => {
      const endpoint = byName(spec.endpoints, 'file_server_upload_cache_file');
      expect(endpoint.bodyEncoding).toBe('multipart');
      expect(endpoint.parameters[0]).toMatchObject({
        name: 'file',
        pythonType: 'FileStorage',
        required: true,
      });
    });

    it('builds the description from summary, description and the access checks', () => {
      expect(byName(spec.endpoints, 'task_get_status').description).toBe(
        "Show the status of a task.\n\nReturns the task's status.\n\nRequires a PanDA ID token (sent by the agent's client).",
      );
      expect(byName(spec.endpoints, 'credential_management_get_access_token').description).toContain(
        "Requires a PanDA ID token (sent by the agent's client); production role of the VO required.",
      );
      expect(byName(spec.endpoints, 'task_kill').description).toContain(
        "Only the task's owner or a production manager may do this.",
      );
    });

    it('takes the annotations from x-panda-annotations, and by rule where there are none', () => {
      expect(byName(spec.endpoints, 'task_get_status').annotations).toEqual({
        title: 'Task status',
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      });
      expect(byName(spec.endpoints, 'task_kill').annotations).toEqual({
        title: 'Task: kill',
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      });
    });

    it('reads servers given as a bare path, and paths that repeat /api/v1', () => {
      const relative = sut(OURS.replace('https://pandaserver.example.org:25443/api/v1', '/api/v1'));
      expect(relative.endpoints[0].path).toBe('/task/get_status');
      const absolute = sut(
        OURS.replace('https://pandaserver.example.org:25443/api/v1', 'https://example.org').replace(
          '/task/get_status:',
          '/api/v1/task/get_status:',
        ),
      );
      expect(absolute.endpoints[0].path).toBe('/task/get_status');
    });
  });

  describe("PanDA's hybrid Swagger 2.0 document", () => {
    const spec = sut(FOREIGN, 'panda_api.yaml');

    it('strips basePath /api and /v1 from the paths; module from the first tag, function from the path', () => {
      expect(spec.style).toBe('swagger');
      expect(spec.endpoints.map((e) => [e.toolName, e.httpMethod, e.path])).toEqual([
        ['job_get_description', 'GET', '/job/get_description'],
        ['credential_management_set_user_secrets', 'POST', '/creds/set_user_secrets'],
        ['file_server_upload_jedi_log', 'POST', '/file_server/upload_jedi_log'],
        ['task_retry', 'POST', '/task/retry'],
        ['system_get_attributes', 'GET', '/system/get_attributes'],
      ]);
    });

    it('maps Swagger 2.0 query parameters (type, items, default, enum on the parameter)', () => {
      const endpoint = byName(spec.endpoints, 'job_get_description');
      expect(endpoint.parameters).toEqual([
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
      expect(endpoint.inputSchema.properties.timeout.description).toBe('Timeout in seconds. Default: 60.');
    });

    it('maps OpenAPI 3 request bodies', () => {
      const endpoint = byName(spec.endpoints, 'credential_management_set_user_secrets');
      expect(endpoint.bodyEncoding).toBe('json');
      expect(endpoint.inputSchema).toEqual({
        type: 'object',
        properties: {
          key: { type: 'string', description: 'Key' },
          value: { type: 'string', description: 'Value' },
        },
        required: ['key', 'value'],
        additionalProperties: false,
      });
    });

    it('recognises file uploads by the FileStorage description', () => {
      expect(byName(spec.endpoints, 'file_server_upload_jedi_log').bodyEncoding).toBe('multipart');
    });

    it('keeps the description text and derives the access sentence from its words', () => {
      const secrets = byName(spec.endpoints, 'credential_management_set_user_secrets');
      expect(secrets.access).toEqual({ secure: true, productionRole: true, taskOwnerOrProduction: false });
      expect(secrets.description).toBe(
        'Set user secrets.\n\nSet a key-value pair. Requires a secure connection and production role.\n\n' +
          "Requires a PanDA ID token (sent by the agent's client); production role of the VO required.",
      );
      expect(byName(spec.endpoints, 'task_retry').access).toEqual({
        secure: true,
        productionRole: false,
        taskOwnerOrProduction: true,
      });
      expect(byName(spec.endpoints, 'file_server_upload_jedi_log').access).toEqual({
        secure: false,
        productionRole: false,
        taskOwnerOrProduction: false,
      });
      expect(byName(spec.endpoints, 'file_server_upload_jedi_log').description).toBe(
        'Upload a JEDI log file.\n\nPanDA does not require authentication for this call.',
      );
    });

    it('ignores **kwargs and non-GET/POST operations with warnings', () => {
      expect(byName(spec.endpoints, 'system_get_attributes').parameters).toEqual([]);
      expect(spec.warnings).toEqual([
        'panda_api.yaml#/paths/~1v1~1system~1get_attributes/get/parameters/0: ignoring the Python catch-all parameter "**kwargs"',
        'panda_api.yaml#/paths/~1v1~1system~1get_attributes/delete: ignoring the DELETE operation (only GET and POST are exposed)',
      ]);
    });
  });

  describe('bad documents', () => {
    const minimal = (operation: string) => `
openapi: 3.1.0
info: { title: t, version: '1' }
servers: [{ url: /api/v1 }]
paths:
  /task/get_status:
    get:
${operation
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

    it.each([
      ['not an object', '- a\n- b\n', 'bad.yaml: the document is not a YAML/JSON object'],
      [
        'neither OpenAPI 3 nor Swagger 2',
        'openapi: 2.5\npaths: {}\n',
        "bad.yaml: neither an OpenAPI 3 document (openapi: 3.x) nor a Swagger 2.0 one (swagger: '2.0')",
      ],
      ['without paths', 'openapi: 3.1.0\n', 'bad.yaml#/paths: missing or not an object of paths'],
      [
        'with no operations',
        'openapi: 3.1.0\npaths: {}\n',
        'bad.yaml#/paths: describes no GET or POST operations',
      ],
      [
        'with a path template',
        'openapi: 3.1.0\npaths:\n  /task/{id}:\n    get: {tags: [task]}\n',
        'bad.yaml#/paths/~1task~1{id}: path templates are not supported',
      ],
      [
        'with a nameless parameter',
        minimal('tags: [task]\nparameters:\n  - in: query\n    schema: { type: integer }'),
        'bad.yaml#/paths/~1task~1get_status/get/parameters/0/name: a parameter needs a name',
      ],
      [
        'with an invalid schema',
        minimal('tags: [task]\nparameters:\n  - name: task_id\n    in: query\n    schema: { type: intger }'),
        'bad.yaml#/paths/~1task~1get_status/get/parameters/0/schema: not a valid JSON Schema',
      ],
      [
        'with a dangling $ref',
        minimal("tags: [task]\nparameters:\n  - $ref: '#/components/parameters/TaskId'"),
        'bad.yaml#/paths/~1task~1get_status/get/parameters/0/$ref: reference #/components/parameters/TaskId points to nothing',
      ],
      [
        'with a malformed x-panda-access',
        minimal('tags: [task]\nx-panda-access: { secure: yes please }'),
        'bad.yaml#/paths/~1task~1get_status/get/x-panda-access/secure: secure must be true or false',
      ],
      [
        'with a path parameter',
        minimal('tags: [task]\nparameters:\n  - { name: id, in: path, schema: { type: string } }'),
        'bad.yaml#/paths/~1task~1get_status/get/parameters/0: path parameter "id"',
      ],
    ])('rejects a document %s, naming the file and the JSON pointer', (_what, text, expected) => {
      const problems = problemsOf(() => sut(text, 'bad.yaml'));
      expect(problems.some((p) => p.startsWith(expected))).toBe(true);
    });

    it('rejects an unknown Swagger 2.0 type', () => {
      const text = FOREIGN.replace('type: integer\n        default: 60', 'type: int\n        default: 60');
      expect(problemsOf(() => sut(text, 'panda_api.yaml'))).toEqual([
        'panda_api.yaml#/paths/~1v1~1job~1get_description/get/parameters/1/type: unknown type "int" ' +
          '(expected integer, number, boolean, string, array or object)',
      ]);
    });

    it('rejects two operations with the same tool name', () => {
      const text = `
swagger: '2.0'
basePath: /api
paths:
  /v1/task/kill:
    post: { tags: [task] }
  /v1/other/kill:
    post: { tags: [task] }
`;
      expect(problemsOf(() => sut(text, 'dup.yaml'))).toEqual([
        'dup.yaml#/paths/~1v1~1other~1kill/post: tool name task_kill is already used by the operation at #/paths/~1v1~1task~1kill/post',
      ]);
    });

    it('lists every problem at once', () => {
      const text = minimal(
        'tags: [task]\nparameters:\n  - in: query\n  - { name: x, in: query, schema: { type: intger } }',
      );
      expect(problemsOf(() => sut(text, 'bad.yaml'))).toHaveLength(2);
    });
  });
});

describe(loadApiSpec.name, () => {
  const sut = loadApiSpec;
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-spec-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads YAML and JSON files', () => {
    const yamlFile = path.join(dir, 'ours.yaml');
    fs.writeFileSync(yamlFile, OURS);
    const jsonFile = path.join(dir, 'ours.json');
    fs.writeFileSync(jsonFile, JSON.stringify(parse(OURS)));
    expect(sut(yamlFile).endpoints).toEqual(sut(jsonFile).endpoints);
    expect(sut(jsonFile).file).toBe(jsonFile);
  });

  it('names the file when it cannot be read', () => {
    const missing = path.join(dir, 'missing.yaml');
    expect(() => sut(missing)).toThrow(new RegExp(`cannot read the API description ${missing}`));
  });

  it('names the file and the line of a syntax error', () => {
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'openapi: 3.1.0\npaths:\n  /a: [\n');
    expect(() => sut(broken)).toThrow(EndpointRegistryError);
    expect(() => sut(broken)).toThrow(
      new RegExp(`${broken} is not valid YAML/JSON:\\n  - ${broken}: .*line`),
    );
  });

  it('rejects duplicate keys', () => {
    const duplicated = path.join(dir, 'dup.yaml');
    fs.writeFileSync(duplicated, 'openapi: 3.1.0\nopenapi: 3.0.0\npaths: {}\n');
    expect(() => sut(duplicated)).toThrow(/duplicated mapping key/i);
  });
});
