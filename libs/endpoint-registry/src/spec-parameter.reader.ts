import type { HttpMethod, JsonSchema } from './endpoint.types';
import type { PointerSegments } from './json-pointer.util';
import { ParameterDraft, ParameterDraftBuilder } from './parameter-draft.builder';
import type { SpecReaderContext } from './spec-reader.context';
import { SpecRequestBodyReader } from './spec-request-body.reader';
import { SpecSchemaNormalizer } from './spec-schema.normalizer';
import { isPlainObject } from './structured-file';

interface Declared {
  raw: Record<string, unknown>;
  segments: PointerSegments;
}

/**
 * Reads the parameters of one operation: the path item's and the operation's `parameters` (query,
 * formData, Swagger 2.0 body) and the OpenAPI 3 `requestBody`.
 */
export class SpecParameterReader {
  private readonly schemas: SpecSchemaNormalizer;
  private readonly drafts: ParameterDraftBuilder;
  private readonly bodies: SpecRequestBodyReader;

  constructor(private readonly context: SpecReaderContext) {
    this.schemas = new SpecSchemaNormalizer(context);
    this.drafts = new ParameterDraftBuilder(context);
    this.bodies = new SpecRequestBodyReader(context, this.schemas, this.drafts);
  }

  /** `segments`: where the operation is; `sharedParameters`: the path item's `parameters`. */
  read(
    method: HttpMethod,
    operation: Record<string, unknown>,
    sharedParameters: unknown,
    segments: PointerSegments,
  ): { drafts: ParameterDraft[]; multipart: boolean } {
    const diagnostics = this.context.diagnostics;
    const drafts: ParameterDraft[] = [];
    let multipart = false;
    const declared = new Map<string, Declared>();
    this.collect(declared, sharedParameters, [...segments.slice(0, -1), 'parameters']);
    this.collect(declared, operation.parameters, [...segments, 'parameters']);

    let queryInPost = false;
    for (const { raw, segments: parameterSegments } of declared.values()) {
      const name = raw.name;
      if (typeof name !== 'string' || name.length === 0) {
        diagnostics.problem([...parameterSegments, 'name'], 'a parameter needs a name');
        continue;
      }
      if (name.startsWith('*')) {
        diagnostics.warn(parameterSegments, `ignoring the Python catch-all parameter "${name}"`);
        continue;
      }
      switch (raw.in) {
        case 'query':
        case 'formData': {
          if (raw.in === 'formData') multipart ||= raw.type === 'file';
          if (method === 'POST' && raw.in === 'query') queryInPost = true;
          const draft = this.fromDeclaration(name, raw, parameterSegments);
          if (draft) drafts.push(draft);
          break;
        }
        case 'body': {
          const body = this.context.refs.resolve(raw.schema, [...parameterSegments, 'schema']);
          drafts.push(...this.bodies.readBodySchema(body.value, body.segments));
          break;
        }
        case 'header':
        case 'cookie':
          diagnostics.warn(
            parameterSegments,
            `ignoring the ${raw.in} parameter "${name}" (panda-mcp sets headers itself)`,
          );
          break;
        case 'path':
          diagnostics.problem(
            parameterSegments,
            `path parameter "${name}": PanDA API v1 takes no path parameters`,
          );
          break;
        default:
          diagnostics.problem(
            [...parameterSegments, 'in'],
            `parameter "${name}" has an unknown location ${JSON.stringify(raw.in)}`,
          );
      }
    }
    if (queryInPost) {
      diagnostics.warn(
        segments,
        'a POST operation with query parameters: they are sent in the request body, as PanDA expects',
      );
    }

    if (operation.requestBody !== undefined) {
      const body = this.context.refs.resolve(operation.requestBody, [...segments, 'requestBody']);
      if (method === 'GET') {
        diagnostics.warn(
          body.segments,
          'ignoring the requestBody of a GET operation (GET arguments go in the query)',
        );
      } else {
        const read = this.bodies.readRequestBody(body.value, body.segments);
        multipart ||= read.multipart;
        drafts.push(...read.drafts);
      }
    }

    const names = new Set<string>();
    for (const draft of drafts) {
      if (names.has(draft.parameter.name)) {
        diagnostics.problem(draft.segments, `parameter "${draft.parameter.name}" is declared twice`);
      }
      names.add(draft.parameter.name);
    }
    return { drafts, multipart };
  }

  /** The entries of a `parameters` list by location and name; the operation's override the path item's. */
  private collect(declared: Map<string, Declared>, list: unknown, listSegments: PointerSegments): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.context.diagnostics.problem(listSegments, 'parameters must be a list');
      return;
    }
    list.forEach((entry, index) => {
      const { value, segments } = this.context.refs.resolve(entry, [...listSegments, index]);
      if (!isPlainObject(value)) {
        this.context.diagnostics.problem(segments, 'a parameter must be an object');
        return;
      }
      declared.set(`${String(value.in)}:${String(value.name)}`, { raw: value, segments });
    });
  }

  /** A query (or formData) parameter: OpenAPI 3 puts the type under `schema`, Swagger 2 on the parameter. */
  private fromDeclaration(
    name: string,
    raw: Record<string, unknown>,
    segments: PointerSegments,
  ): ParameterDraft | undefined {
    let schema: JsonSchema | undefined;
    let isFile = false;
    let hint: Record<string, unknown> = raw;
    let pythonType = this.drafts.pythonType(raw, segments);
    if (raw.schema !== undefined) {
      const resolved = this.context.refs.resolve(raw.schema, [...segments, 'schema']);
      if (!isPlainObject(resolved.value)) {
        this.context.diagnostics.problem([...segments, 'schema'], 'a parameter schema must be an object');
        return undefined;
      }
      hint = { ...resolved.value, ...raw };
      pythonType ??= this.drafts.pythonType(resolved.value, resolved.segments);
      schema = this.schemas.normalize(resolved.value, resolved.segments);
    } else if (isPlainObject(raw.content)) {
      const [mediaType, media] = Object.entries(raw.content)[0] ?? [];
      const mediaSchema = isPlainObject(media) ? media.schema : undefined;
      const resolved = this.context.refs.resolve(mediaSchema, [
        ...segments,
        'content',
        String(mediaType),
        'schema',
      ]);
      schema = isPlainObject(resolved.value) ? this.schemas.normalize(resolved.value, resolved.segments) : {};
    } else {
      const converted = this.schemas.fromSwaggerParameter(raw, segments);
      if (!converted) return undefined;
      schema = converted.schema;
      isFile = converted.isFile;
    }
    if (!schema) return undefined;
    return this.drafts.build(name, {
      description: typeof raw.description === 'string' ? raw.description : '',
      required: raw.required === true,
      pythonType,
      schema,
      isFile,
      segments,
      hint,
    });
  }
}
