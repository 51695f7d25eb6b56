import Ajv from 'ajv';
import type {
  BodyEncoding,
  EndpointAccess,
  EndpointParameter,
  HttpMethod,
  JsonSchema,
  PandaEndpoint,
  ToolAnnotations,
  ToolInputSchema,
} from './endpoint.types';
import { EndpointRegistryError } from './endpoint-registry.error';
import { schemaAcceptsNull, withNull } from './python-annotation.schema';
import { cloneJson, isPlainObject, jsonPointer, parseYamlOrJson, readTextFile } from './structured-file';
import { accessFromText, annotationsByRule, parameterDescription, toolDescription } from './tool-rules';

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
  return new SpecReader(file, document).read();
}

type Segments = Array<string | number>;

const OPERATION_METHODS: Record<string, HttpMethod> = { get: 'GET', post: 'POST' };
const IGNORED_METHODS = ['put', 'delete', 'patch', 'head', 'options', 'trace'];
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];
/** JSON Schema keywords whose values are literal data, not subschemas. */
const LITERAL_KEYWORDS = new Set(['default', 'enum', 'const', 'examples', 'required', 'type']);
/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalProperties',
  'not',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
]);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
]);
/** OpenAPI-only keywords that are not JSON Schema. */
const OPENAPI_ONLY_KEYWORDS = new Set(['example', 'nullable', 'discriminator', 'xml', 'externalDocs']);
/** Swagger 2.0 parameter (and items) fields that carry over to JSON Schema unchanged. */
const SWAGGER_SCHEMA_FIELDS = [
  'format',
  'default',
  'enum',
  'maximum',
  'minimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
];

interface ParameterDraft {
  parameter: EndpointParameter;
  isFile: boolean;
  segments: Segments;
}

class SpecReader {
  private readonly problems: string[] = [];
  private readonly warnings: string[] = [];
  private readonly metaAjv = new Ajv({ allErrors: true, strict: false });
  private readonly root: Record<string, unknown>;
  private style: ApiSpecStyle = 'openapi';

  constructor(
    private readonly file: string,
    document: unknown,
  ) {
    this.root = isPlainObject(document) ? document : {};
    if (!isPlainObject(document)) this.problem([], 'the document is not a YAML/JSON object');
  }

  read(): LoadedApiSpec {
    const endpoints: PandaEndpoint[] = [];
    if (this.problems.length === 0) this.readDocument(endpoints);
    if (this.problems.length > 0) {
      throw new EndpointRegistryError(this.problems, `${this.file} is not a usable API description`);
    }
    return { file: this.file, style: this.style, endpoints, warnings: this.warnings };
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
      const itemSegments: Segments = ['paths', pathKey];
      if (pathKey.startsWith('x-')) continue;
      const relative = this.relativePath(base, pathKey, itemSegments);
      if (relative === undefined) continue;
      const { value: item, segments: resolvedItemSegments } = this.deref(rawItem, itemSegments);
      if (!isPlainObject(item)) {
        this.problem(itemSegments, 'a path item must be an object');
        continue;
      }
      const shared = item.parameters;
      for (const [key, operation] of Object.entries(item)) {
        const operationSegments = [...resolvedItemSegments, key];
        const method = OPERATION_METHODS[key];
        if (!method) {
          if (IGNORED_METHODS.includes(key)) {
            this.warn(
              operationSegments,
              `ignoring the ${key.toUpperCase()} operation (only GET and POST are exposed)`,
            );
          }
          continue;
        }
        const endpoint = this.readOperation(method, relative, operation, shared, operationSegments);
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
    if (endpoints.length === 0 && this.problems.length === 0) {
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
      this.warn(['servers', 0], 'server without a url; paths are taken as relative to the API v1 base');
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
  private relativePath(base: string, pathKey: string, segments: Segments): string | undefined {
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

  private readOperation(
    method: HttpMethod,
    path: string,
    raw: unknown,
    sharedParameters: unknown,
    segments: Segments,
  ): PandaEndpoint | undefined {
    if (!isPlainObject(raw)) {
      this.problem(segments, 'an operation must be an object');
      return undefined;
    }
    const operation = raw;
    const problemsBefore = this.problems.length;
    const pathWords = path.split('/').filter((s) => s.length > 0);

    const module = this.operationModule(operation, pathWords, segments);
    const functionName = this.optionalString(operation, 'x-panda-function', segments) ?? pathWords.at(-1)!;
    const toolName = `${module}_${functionName}`;
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(toolName)) {
      this.problem(segments, `"${toolName}" is not a valid MCP tool name`);
    }
    const operationId = operation.operationId;
    if (typeof operationId === 'string' && 'x-panda-module' in operation && operationId !== toolName) {
      this.warn(
        [...segments, 'operationId'],
        `operationId ${operationId} differs from the tool name ${toolName} (x-panda-module + function)`,
      );
    }
    const summary = this.optionalString(operation, 'summary', segments) ?? '';
    const description = this.optionalString(operation, 'description', segments) ?? '';

    const { drafts, multipart } = this.operationParameters(method, operation, sharedParameters, segments);
    const access = this.access(operation, `${summary}\n${description}`, segments);
    const annotations = this.annotations(operation, module, functionName, method, segments);
    if (this.problems.length > problemsBefore) return undefined;

    const isFileUpload = drafts.some((d) => d.isFile);
    if (method === 'GET' && isFileUpload) {
      this.problem(segments, 'a GET operation cannot take a file upload');
      return undefined;
    }
    const bodyEncoding: BodyEncoding =
      method === 'GET' ? 'query' : multipart || isFileUpload ? 'multipart' : 'json';
    const parameters = drafts.map((d) => d.parameter);
    return {
      toolName,
      module,
      functionName,
      httpMethod: method,
      path,
      bodyEncoding,
      summary: summary.trim(),
      description: toolDescription(summary, description, access),
      parameters,
      access,
      annotations,
      inputSchema: inputSchemaOf(parameters),
    };
  }

  private operationModule(
    operation: Record<string, unknown>,
    pathWords: string[],
    segments: Segments,
  ): string {
    const explicit = this.optionalString(operation, 'x-panda-module', segments);
    if (explicit) return explicit;
    const tags = operation.tags;
    if (Array.isArray(tags) && typeof tags[0] === 'string' && tags[0].length > 0) return tags[0];
    const guess = pathWords.length > 1 ? pathWords[pathWords.length - 2] : 'panda';
    this.warn(
      segments,
      `neither x-panda-module nor tags name the PanDA module; using "${guess}" from the path`,
    );
    return guess;
  }

  private operationParameters(
    method: HttpMethod,
    operation: Record<string, unknown>,
    sharedParameters: unknown,
    segments: Segments,
  ): { drafts: ParameterDraft[]; multipart: boolean } {
    const drafts: ParameterDraft[] = [];
    let multipart = false;
    const declared = new Map<string, { raw: Record<string, unknown>; segments: Segments }>();
    const collect = (list: unknown, listSegments: Segments) => {
      if (list === undefined) return;
      if (!Array.isArray(list)) {
        this.problem(listSegments, 'parameters must be a list');
        return;
      }
      list.forEach((entry, index) => {
        const { value, segments: entrySegments } = this.deref(entry, [...listSegments, index]);
        if (!isPlainObject(value)) {
          this.problem(entrySegments, 'a parameter must be an object');
          return;
        }
        declared.set(`${String(value.in)}:${String(value.name)}`, { raw: value, segments: entrySegments });
      });
    };
    collect(sharedParameters, [...segments.slice(0, -1), 'parameters']);
    collect(operation.parameters, [...segments, 'parameters']);

    let queryInPost = false;
    for (const { raw, segments: parameterSegments } of declared.values()) {
      const name = raw.name;
      if (typeof name !== 'string' || name.length === 0) {
        this.problem([...parameterSegments, 'name'], 'a parameter needs a name');
        continue;
      }
      if (name.startsWith('*')) {
        this.warn(parameterSegments, `ignoring the Python catch-all parameter "${name}"`);
        continue;
      }
      switch (raw.in) {
        case 'query':
        case 'formData': {
          if (raw.in === 'formData') multipart ||= raw.type === 'file';
          if (method === 'POST' && raw.in === 'query') queryInPost = true;
          const draft = this.parameterFromDeclaration(name, raw, parameterSegments);
          if (draft) drafts.push(draft);
          break;
        }
        case 'body': {
          const body = this.deref(raw.schema, [...parameterSegments, 'schema']);
          drafts.push(...this.bodyProperties(body.value, body.segments));
          break;
        }
        case 'header':
        case 'cookie':
          this.warn(
            parameterSegments,
            `ignoring the ${raw.in} parameter "${name}" (panda-mcp sets headers itself)`,
          );
          break;
        case 'path':
          this.problem(parameterSegments, `path parameter "${name}": PanDA API v1 takes no path parameters`);
          break;
        default:
          this.problem(
            [...parameterSegments, 'in'],
            `parameter "${name}" has an unknown location ${JSON.stringify(raw.in)}`,
          );
      }
    }
    if (queryInPost) {
      this.warn(
        segments,
        'a POST operation with query parameters: they are sent in the request body, as PanDA expects',
      );
    }

    if (operation.requestBody !== undefined) {
      const body = this.deref(operation.requestBody, [...segments, 'requestBody']);
      if (method === 'GET') {
        this.warn(
          body.segments,
          'ignoring the requestBody of a GET operation (GET arguments go in the query)',
        );
      } else {
        const read = this.requestBody(body.value, body.segments);
        multipart ||= read.multipart;
        drafts.push(...read.drafts);
      }
    }

    const names = new Set<string>();
    for (const draft of drafts) {
      if (names.has(draft.parameter.name)) {
        this.problem(draft.segments, `parameter "${draft.parameter.name}" is declared twice`);
      }
      names.add(draft.parameter.name);
    }
    return { drafts, multipart };
  }

  private requestBody(raw: unknown, segments: Segments): { drafts: ParameterDraft[]; multipart: boolean } {
    if (!isPlainObject(raw) || !isPlainObject(raw.content)) {
      this.problem(segments, 'a requestBody needs a content map');
      return { drafts: [], multipart: false };
    }
    const types = Object.keys(raw.content);
    const chosen =
      types.find((t) => t.split(';')[0].trim() === 'application/json') ??
      types.find((t) => t.split(';')[0].trim() === 'multipart/form-data') ??
      types.find((t) => /\+json$|\/json$/.test(t.split(';')[0].trim()));
    if (chosen === undefined) {
      this.problem(
        [...segments, 'content'],
        `no application/json or multipart/form-data content (found: ${types.join(', ') || 'none'})`,
      );
      return { drafts: [], multipart: false };
    }
    const media = raw.content[chosen];
    const mediaSegments = [...segments, 'content', chosen];
    if (!isPlainObject(media)) {
      this.problem(mediaSegments, 'a media type entry must be an object');
      return { drafts: [], multipart: false };
    }
    if (media.schema === undefined) return { drafts: [], multipart: chosen.startsWith('multipart/') };
    const schema = this.deref(media.schema, [...mediaSegments, 'schema']);
    return {
      drafts: this.bodyProperties(schema.value, schema.segments),
      multipart: chosen.startsWith('multipart/'),
    };
  }

  /** The properties of a POST body schema, each one parameter. */
  private bodyProperties(raw: unknown, segments: Segments): ParameterDraft[] {
    if (!isPlainObject(raw)) {
      this.problem(segments, 'the request body schema must be an object schema');
      return [];
    }
    if (raw.type !== undefined && raw.type !== 'object') {
      this.problem([...segments, 'type'], 'the request body must be a JSON object (type: object)');
      return [];
    }
    const properties = raw.properties ?? {};
    if (!isPlainObject(properties)) {
      this.problem([...segments, 'properties'], 'properties must be an object');
      return [];
    }
    const required = raw.required ?? [];
    if (!Array.isArray(required) || required.some((r) => typeof r !== 'string')) {
      this.problem([...segments, 'required'], 'required must be a list of property names');
      return [];
    }
    for (const [index, name] of (required as string[]).entries()) {
      if (!(name in properties)) {
        this.problem(
          [...segments, 'required', index],
          `required property "${name}" is not among the properties`,
        );
      }
    }
    const drafts: ParameterDraft[] = [];
    for (const [name, property] of Object.entries(properties)) {
      const propertySegments = [...segments, 'properties', name];
      const { value, segments: resolved } = this.deref(property, propertySegments);
      if (!isPlainObject(value)) {
        this.problem(propertySegments, 'a property schema must be an object');
        continue;
      }
      const schema = this.normalizeSchema(value, resolved, true);
      if (!schema) continue;
      drafts.push(
        this.draft(name, {
          description: typeof value.description === 'string' ? value.description : '',
          required: (required as string[]).includes(name),
          pythonType: this.pythonType(value, resolved),
          schema,
          isFile: false,
          segments: propertySegments,
          hint: value,
        }),
      );
    }
    return drafts;
  }

  /** A query (or formData) parameter: OpenAPI 3 puts the type under `schema`, Swagger 2 on the parameter. */
  private parameterFromDeclaration(
    name: string,
    raw: Record<string, unknown>,
    segments: Segments,
  ): ParameterDraft | undefined {
    let schema: JsonSchema | undefined;
    let isFile = false;
    let hint: Record<string, unknown> = raw;
    let pythonType = this.pythonType(raw, segments);
    if (raw.schema !== undefined) {
      const resolved = this.deref(raw.schema, [...segments, 'schema']);
      if (!isPlainObject(resolved.value)) {
        this.problem([...segments, 'schema'], 'a parameter schema must be an object');
        return undefined;
      }
      hint = { ...resolved.value, ...raw };
      pythonType ??= this.pythonType(resolved.value, resolved.segments);
      schema = this.normalizeSchema(resolved.value, resolved.segments, true);
    } else if (isPlainObject(raw.content)) {
      const [mediaType, media] = Object.entries(raw.content)[0] ?? [];
      const mediaSchema = isPlainObject(media) ? media.schema : undefined;
      const resolved = this.deref(mediaSchema, [...segments, 'content', String(mediaType), 'schema']);
      schema = isPlainObject(resolved.value)
        ? this.normalizeSchema(resolved.value, resolved.segments, true)
        : {};
    } else {
      const converted = this.swaggerSchema(raw, segments);
      if (!converted) return undefined;
      schema = converted.schema;
      isFile = converted.isFile;
    }
    if (!schema) return undefined;
    return this.draft(name, {
      description: typeof raw.description === 'string' ? raw.description : '',
      required: raw.required === true,
      pythonType,
      schema,
      isFile,
      segments,
      hint,
    });
  }

  private draft(
    name: string,
    spec: {
      description: string;
      required: boolean;
      pythonType: string | undefined;
      schema: JsonSchema;
      isFile: boolean;
      segments: Segments;
      hint: Record<string, unknown>;
    },
  ): ParameterDraft {
    const hasDefault = 'default' in spec.schema;
    let schema = spec.schema;
    if (hasDefault && schema.default === null && !schemaAcceptsNull(schema)) {
      this.warn(
        spec.segments,
        `"${name}" defaults to null but its schema does not accept null; null is accepted`,
      );
      schema = withNull(schema);
    }
    const parameter: EndpointParameter = {
      name,
      description: spec.description.trim(),
      required: spec.required,
      hasDefault,
      schema,
    };
    if (hasDefault) parameter.default = schema.default;
    if (spec.pythonType !== undefined) parameter.pythonType = spec.pythonType;
    const isFile =
      spec.isFile ||
      spec.pythonType === 'FileStorage' ||
      spec.hint.format === 'binary' ||
      spec.hint.contentMediaType !== undefined ||
      /\bFileStorage\b/.test(spec.description);
    return { parameter, isFile, segments: spec.segments };
  }

  private pythonType(node: Record<string, unknown>, segments: Segments): string | undefined {
    const value = node['x-panda-type'];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.problem([...segments, 'x-panda-type'], 'x-panda-type must be a string (the Python annotation)');
      return undefined;
    }
    return value;
  }

  /** Swagger 2.0 parameter fields (`type`, `items`, `default`, `enum`, ...) as a JSON Schema. */
  private swaggerSchema(
    raw: Record<string, unknown>,
    segments: Segments,
  ): { schema: JsonSchema; isFile: boolean } | undefined {
    const schema: JsonSchema = {};
    let isFile = false;
    const type = raw.type;
    if (type !== undefined) {
      if (type === 'file') {
        isFile = true;
        schema.type = 'string';
      } else if (typeof type === 'string' && JSON_TYPES.includes(type) && type !== 'null') {
        schema.type = type;
      } else {
        this.problem(
          [...segments, 'type'],
          `unknown type ${JSON.stringify(type)} (expected integer, number, boolean, string, array or object)`,
        );
        return undefined;
      }
    }
    for (const field of SWAGGER_SCHEMA_FIELDS) {
      if (field in raw) schema[field] = cloneJson(raw[field]);
    }
    if (raw.exclusiveMaximum === true && typeof raw.maximum === 'number') {
      schema.exclusiveMaximum = raw.maximum;
      delete schema.maximum;
    }
    if (raw.exclusiveMinimum === true && typeof raw.minimum === 'number') {
      schema.exclusiveMinimum = raw.minimum;
      delete schema.minimum;
    }
    if (raw.items !== undefined) {
      if (!isPlainObject(raw.items)) {
        this.problem([...segments, 'items'], 'items must be an object');
        return undefined;
      }
      const items = this.swaggerSchema(raw.items, [...segments, 'items']);
      if (!items) return undefined;
      schema.items = items.schema;
    }
    const result = raw['x-nullable'] === true ? withNull(schema) : schema;
    return this.checkSchema(result, segments) ? { schema: result, isFile } : undefined;
  }

  /**
   * An OpenAPI schema as a plain JSON Schema: local $refs resolved, OpenAPI-only keywords and x-* extensions
   * removed (OpenAPI 3.0 `nullable: true` becomes a null type), and the top-level description left out.
   */
  private normalizeSchema(
    raw: Record<string, unknown>,
    segments: Segments,
    top: boolean,
  ): JsonSchema | undefined {
    const problemsBefore = this.problems.length;
    const schema = this.normalizeNode(raw, segments, top, []);
    if (this.problems.length > problemsBefore || !isPlainObject(schema)) return undefined;
    return this.checkSchema(schema, segments) ? schema : undefined;
  }

  private normalizeNode(raw: unknown, segments: Segments, top: boolean, refStack: string[]): unknown {
    if (typeof raw === 'boolean') return raw;
    const { value, segments: at, refs } = this.deref(raw, segments, refStack);
    if (value === undefined) return {};
    if (!isPlainObject(value)) {
      this.problem(at, 'a schema must be an object');
      return {};
    }
    const stack = [...refStack, ...refs];
    const out: JsonSchema = {};
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('x-') || OPENAPI_ONLY_KEYWORDS.has(key) || key === '$ref') continue;
      if (top && key === 'description') continue;
      if (LITERAL_KEYWORDS.has(key)) out[key] = cloneJson(child);
      else if (SCHEMA_KEYWORDS.has(key) && (isPlainObject(child) || typeof child === 'boolean')) {
        out[key] = this.normalizeNode(child, [...at, key], false, stack);
      } else if (SCHEMA_KEYWORDS.has(key) && key === 'items' && Array.isArray(child)) {
        out[key] = child.map((c, i) => this.normalizeNode(c, [...at, key, i], false, stack));
      } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(child)) {
        out[key] = child.map((c, i) => this.normalizeNode(c, [...at, key, i], false, stack));
      } else if (SCHEMA_MAP_KEYWORDS.has(key) && isPlainObject(child)) {
        out[key] = Object.fromEntries(
          Object.entries(child).map(([k, c]) => [k, this.normalizeNode(c, [...at, key, k], false, stack)]),
        );
      } else out[key] = cloneJson(child);
    }
    return value.nullable === true ? withNull(out) : out;
  }

  private checkSchema(schema: JsonSchema, segments: Segments): boolean {
    if (this.metaAjv.validateSchema(schema) === true) return true;
    // One message per place, the first (most specific) one; enums list what is allowed.
    const byPlace = new Map<string, string>();
    for (const error of this.metaAjv.errors ?? []) {
      if (error.keyword === 'anyOf' || byPlace.has(error.instancePath)) continue;
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
      const message = allowed ? `must be one of ${allowed.join(', ')}` : (error.message ?? 'is not valid');
      byPlace.set(
        error.instancePath,
        `${error.instancePath.slice(1).replace(/\//g, '.') || 'the schema'} ${message}`,
      );
    }
    this.problem(segments, `not a valid JSON Schema: ${[...byPlace.values()].join('; ')}`);
    return false;
  }

  private access(operation: Record<string, unknown>, text: string, segments: Segments): EndpointAccess {
    const raw = operation['x-panda-access'];
    if (raw === undefined) return accessFromText(text);
    const at = [...segments, 'x-panda-access'];
    if (!isPlainObject(raw)) {
      this.problem(at, 'x-panda-access must be an object');
      return accessFromText(text);
    }
    const flag = (key: string): boolean => {
      const value = raw[key];
      if (value === undefined) return false;
      if (typeof value !== 'boolean') this.problem([...at, key], `${key} must be true or false`);
      return value === true;
    };
    return {
      secure: flag('secure'),
      productionRole: flag('production_role'),
      taskOwnerOrProduction: flag('task_owner_or_production'),
    };
  }

  private annotations(
    operation: Record<string, unknown>,
    module: string,
    functionName: string,
    method: HttpMethod,
    segments: Segments,
  ): ToolAnnotations {
    const byRule = annotationsByRule(module, functionName, method);
    const raw = operation['x-panda-annotations'];
    if (raw === undefined) return byRule;
    const at = [...segments, 'x-panda-annotations'];
    if (!isPlainObject(raw)) {
      this.problem(at, 'x-panda-annotations must be an object');
      return byRule;
    }
    const result: ToolAnnotations = { ...byRule };
    if (raw.title !== undefined) {
      if (typeof raw.title === 'string' && raw.title.trim()) result.title = raw.title.trim();
      else this.problem([...at, 'title'], 'title must be a non-empty string');
    }
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
      const value = raw[hint];
      if (value === undefined) continue;
      if (typeof value === 'boolean') result[hint] = value;
      else this.problem([...at, hint], `${hint} must be true or false`);
    }
    return result;
  }

  private optionalString(node: Record<string, unknown>, key: string, segments: Segments): string | undefined {
    const value = node[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.problem([...segments, key], `${key} must be a string`);
      return undefined;
    }
    return value;
  }

  /** Follows local `$ref`s ("#/components/..."); siblings of a $ref override the target's keywords. */
  private deref(
    raw: unknown,
    segments: Segments,
    refStack: string[] = [],
  ): { value: unknown; segments: Segments; refs: string[] } {
    let value = raw;
    let at = segments;
    const refs: string[] = [];
    while (isPlainObject(value) && typeof value.$ref === 'string') {
      const ref = value.$ref;
      if (!ref.startsWith('#')) {
        this.problem([...at, '$ref'], `only references inside the document are supported, not ${ref}`);
        return { value: undefined, segments: at, refs };
      }
      if (refStack.includes(ref) || refs.includes(ref)) {
        this.problem([...at, '$ref'], `recursive reference ${ref} is not supported`);
        return { value: undefined, segments: at, refs };
      }
      const targetSegments = decodePointer(ref.slice(1));
      const target = lookup(this.root, targetSegments);
      if (target === undefined) {
        this.problem([...at, '$ref'], `reference ${ref} points to nothing`);
        return { value: undefined, segments: at, refs };
      }
      refs.push(ref);
      const { $ref: _ignored, ...siblings } = value;
      value = isPlainObject(target) && Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
      at = targetSegments;
    }
    return { value, segments: at, refs };
  }

  private where(segments: Segments): string {
    const pointer = jsonPointer(segments);
    return pointer ? `${this.file}#${pointer}` : this.file;
  }

  private problem(segments: Segments, message: string): void {
    this.problems.push(`${this.where(segments)}: ${message}`);
  }

  private warn(segments: Segments, message: string): void {
    this.warnings.push(`${this.where(segments)}: ${message}`);
  }
}

/** The MCP input schema of a tool: each parameter's schema with its description (and default) for the agent. */
export function inputSchemaOf(parameters: readonly EndpointParameter[]): ToolInputSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const parameter of parameters) {
    const description = parameterDescription(parameter);
    properties[parameter.name] = description ? { ...parameter.schema, description } : { ...parameter.schema };
  }
  const required = parameters.filter((p) => p.required).map((p) => p.name);
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function decodePointer(pointer: string): Segments {
  if (pointer === '' || pointer === '/') return pointer === '' ? [] : [''];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function lookup(root: unknown, segments: Segments): unknown {
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}
