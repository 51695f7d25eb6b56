import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadApiSpec, parseApiSpec } from './api-spec.loader';
import { EndpointRegistryError } from './endpoint-registry.error';
import { byName, documentOf, FOREIGN, OURS, problemsOf } from './testing/api-spec.fixtures';

describe(parseApiSpec.name, () => {
  const sut = (text: string, file = 'test.yaml') => parseApiSpec(documentOf(text), file);

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

    it('takes paths relative to the API v1 base of the server', () => {
      expect(byName(spec.endpoints, 'credential_management_get_access_token').path).toBe(
        '/creds/get_access_token',
      );
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

    it('ignores **kwargs and non-GET/POST operations with warnings', () => {
      expect(byName(spec.endpoints, 'system_get_attributes').parameters).toEqual([]);
      expect(spec.warnings).toEqual([
        'panda_api.yaml#/paths/~1v1~1system~1get_attributes/get/parameters/0: ignoring the Python catch-all parameter "**kwargs"',
        'panda_api.yaml#/paths/~1v1~1system~1get_attributes/delete: ignoring the DELETE operation (only GET and POST are exposed)',
      ]);
    });
  });

  describe('bad documents', () => {
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
        'with a relative path',
        'openapi: 3.1.0\npaths:\n  task/get_status:\n    get: {tags: [task]}\n',
        'bad.yaml#/paths/task~1get_status: a path must start with "/"',
      ],
    ])('rejects a document %s, naming the file and the JSON pointer', (_what, text, expected) => {
      const problems = problemsOf(() => parseApiSpec(parse(text), 'bad.yaml'));
      expect(problems.some((p) => p.startsWith(expected))).toBe(true);
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
