import type { HttpMethod, PandaEndpoint } from './endpoint.types';
import { EndpointRegistryError } from './endpoint-registry.error';
import { jsonPointer, PointerSegments } from './json-pointer.util';
import { SpecOperationReader } from './spec-operation.reader';
import { createSpecReaderContext, SpecReaderContext } from './spec-reader.context';
import { isPlainObject, parseYamlOrJson, readTextFile } from './structured-file';

/** Which flavour of document was read. */
export type ApiSpecStyle = 'openapi' | 'swagger';

export interface LoadedApiSpec {
  file: string;
  /** `openapi`: an OpenAPI 3.x document (ours); `swagger`: PanDA's hybrid Swagger-2.0 / OpenAPI-3 document. */
  style: ApiSpecStyle;
  /** In document order. */
  endpoints: PandaEndpoint[];
  /** Things the loader ignored or guessed, each naming the file and the JSON pointer. */
  warnings: string[];
}

/** Reads an API description (YAML or JSON) and turns each GET/POST operation into a PandaEndpoint. */
export function loadApiSpec(file: string): LoadedApiSpec {
  const text = readTextFile(file, 'the API description');
  return parseApiSpec(parseYamlOrJson(text, file, 'The API description'), file);
}

/** Turns an already parsed API description into endpoints; `file` is only used in messages. */
export function parseApiSpec(document: unknown, file: string): LoadedApiSpec {
  return new ApiSpecReader(file, document).read();
}

const OPERATION_METHODS: Record<string, HttpMethod> = { get: 'GET', post: 'POST' };
const IGNORED_METHODS = ['put', 'delete', 'patch', 'head', 'options', 'trace'];

/** The document level: its flavour, the base path, and the operations of each path, in order. */
class ApiSpecReader {
  private readonly root: Record<string, unknown>;
  private readonly context: SpecReaderContext;
  private readonly operations: SpecOperationReader;
  private style: ApiSpecStyle = 'openapi';

  constructor(
    private readonly file: string,
    document: unknown,
  ) {
    this.root = isPlainObject(document) ? document : {};
    this.context = createSpecReaderContext(this.root, file);
    this.operations = new SpecOperationReader(this.context);
    if (!isPlainObject(document)) this.problem([], 'the document is not a YAML/JSON object');
  }

  read(): LoadedApiSpec {
    const { problems, warnings } = this.context.diagnostics;
    const endpoints: PandaEndpoint[] = [];
    if (problems.length === 0) this.readDocument(endpoints);
    if (problems.length > 0) {
      throw new EndpointRegistryError(problems, `${this.file} is not a usable API description`);
    }
    return { file: this.file, style: this.style, endpoints, warnings };
  }

  private readDocument(endpoints: PandaEndpoint[]): void {
    const root = this.root;
    // Unquoted in YAML, `openapi: 3.1` and `swagger: 2.0` are numbers.
    if (['string', 'number'].includes(typeof root.openapi) && String(root.openapi).startsWith('3.')) {
      this.style = 'openapi';
    } else if (root.swagger === '2.0' || root.swagger === 2) this.style = 'swagger';
    else {
      this.problem(
        [],
        "neither an OpenAPI 3 document (openapi: 3.x) nor a Swagger 2.0 one (swagger: '2.0'); " +
          'panda-mcp reads OpenAPI descriptions of PanDA API v1',
      );
      return;
    }
    const base = this.basePath();
    if (!isPlainObject(root.paths)) {
      this.problem(['paths'], 'missing or not an object of paths');
      return;
    }
    const seen = new Map<string, string>();
    for (const [pathKey, rawItem] of Object.entries(root.paths)) {
      const itemSegments: PointerSegments = ['paths', pathKey];
      if (pathKey.startsWith('x-')) continue;
      const relative = this.relativePath(base, pathKey, itemSegments);
      if (relative === undefined) continue;
      const { value: item, segments: resolvedItemSegments } = this.context.refs.resolve(
        rawItem,
        itemSegments,
      );
      if (!isPlainObject(item)) {
        this.problem(itemSegments, 'a path item must be an object');
        continue;
      }
      for (const [key, operation] of Object.entries(item)) {
        const operationSegments = [...resolvedItemSegments, key];
        const method = OPERATION_METHODS[key];
        if (!method) {
          if (IGNORED_METHODS.includes(key)) {
            this.context.diagnostics.warn(
              operationSegments,
              `ignoring the ${key.toUpperCase()} operation (only GET and POST are exposed)`,
            );
          }
          continue;
        }
        const endpoint = this.operations.read(
          method,
          relative,
          operation,
          item.parameters,
          operationSegments,
        );
        if (!endpoint) continue;
        const pointer = jsonPointer(operationSegments);
        const earlier = seen.get(endpoint.toolName);
        if (earlier !== undefined) {
          this.problem(
            operationSegments,
            `tool name ${endpoint.toolName} is already used by the operation at #${earlier}`,
          );
          continue;
        }
        seen.set(endpoint.toolName, pointer);
        endpoints.push(endpoint);
      }
    }
    if (endpoints.length === 0 && this.context.diagnostics.problemCount === 0) {
      this.problem(['paths'], 'describes no GET or POST operations');
    }
  }

  /** The URL path the document's paths are relative to: servers[0].url (OpenAPI 3) or basePath (Swagger 2). */
  private basePath(): string {
    const root = this.root;
    if (this.style === 'swagger') {
      return typeof root.basePath === 'string' ? root.basePath.replace(/\/+$/, '') : '';
    }
    const servers = root.servers;
    if (!Array.isArray(servers) || servers.length === 0) return '';
    const first = servers[0] as unknown;
    if (!isPlainObject(first) || typeof first.url !== 'string') {
      this.context.diagnostics.warn(
        ['servers', 0],
        'server without a url; paths are taken as relative to the API v1 base',
      );
      return '';
    }
    const url = first.url.replace(/\{[^}]*\}/g, 'x');
    let pathname: string;
    try {
      pathname = new URL(url, 'http://relative.invalid').pathname;
    } catch {
      pathname = '';
    }
    return pathname.replace(/\/+$/, '');
  }

  /** '/v1/task/get_status' under basePath '/api', or '/task/get_status' under a server ending in /api/v1. */
  private relativePath(base: string, pathKey: string, segments: PointerSegments): string | undefined {
    if (!pathKey.startsWith('/')) {
      this.problem(segments, 'a path must start with "/"');
      return undefined;
    }
    if (/[{}]/.test(pathKey)) {
      this.problem(segments, 'path templates are not supported: PanDA API v1 takes no path parameters');
      return undefined;
    }
    const full = `${base}${pathKey}`.replace(/\/{2,}/g, '/');
    let relative: string;
    const apiV1 = full.indexOf('/api/v1/');
    if (apiV1 >= 0) relative = full.slice(apiV1 + '/api/v1'.length);
    else if (full.startsWith('/v1/')) relative = full.slice('/v1'.length);
    else relative = pathKey;
    relative = relative.replace(/\/+$/, '');
    if (relative.split('/').filter((s) => s.length > 0).length < 1) {
      this.problem(segments, 'the path names no PanDA function');
      return undefined;
    }
    return relative;
  }

  private problem(segments: PointerSegments, message: string): void {
    this.context.diagnostics.problem(segments, message);
  }
}
