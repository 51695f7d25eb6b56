import type { PointerSegments } from './json-pointer.util';
import type { ParameterDraft, ParameterDraftBuilder } from './parameter-draft.builder';
import type { SpecReaderContext } from './spec-reader.context';
import type { SpecSchemaNormalizer } from './spec-schema.normalizer';
import { isPlainObject } from './structured-file';

/** Reads a POST body (OpenAPI 3 `requestBody`, or a Swagger 2.0 `in: body` schema): one parameter per property. */
export class SpecRequestBodyReader {
  constructor(
    private readonly context: SpecReaderContext,
    private readonly schemas: SpecSchemaNormalizer,
    private readonly drafts: ParameterDraftBuilder,
  ) {}

  /** An OpenAPI 3 requestBody (already resolved): its JSON, else multipart, else other JSON content. */
  readRequestBody(raw: unknown, segments: PointerSegments): { drafts: ParameterDraft[]; multipart: boolean } {
    const problem = (at: PointerSegments, message: string) => {
      this.context.diagnostics.problem(at, message);
      return { drafts: [], multipart: false };
    };
    if (!isPlainObject(raw) || !isPlainObject(raw.content)) {
      return problem(segments, 'a requestBody needs a content map');
    }
    const types = Object.keys(raw.content);
    const chosen =
      types.find((t) => t.split(';')[0].trim() === 'application/json') ??
      types.find((t) => t.split(';')[0].trim() === 'multipart/form-data') ??
      types.find((t) => /\+json$|\/json$/.test(t.split(';')[0].trim()));
    if (chosen === undefined) {
      return problem(
        [...segments, 'content'],
        `no application/json or multipart/form-data content (found: ${types.join(', ') || 'none'})`,
      );
    }
    const media = raw.content[chosen];
    const mediaSegments = [...segments, 'content', chosen];
    if (!isPlainObject(media)) return problem(mediaSegments, 'a media type entry must be an object');
    const multipart = chosen.startsWith('multipart/');
    if (media.schema === undefined) return { drafts: [], multipart };
    const schema = this.context.refs.resolve(media.schema, [...mediaSegments, 'schema']);
    return { drafts: this.readBodySchema(schema.value, schema.segments), multipart };
  }

  /** The properties of a POST body schema (already resolved), each one parameter. */
  readBodySchema(raw: unknown, segments: PointerSegments): ParameterDraft[] {
    const diagnostics = this.context.diagnostics;
    if (!isPlainObject(raw)) {
      diagnostics.problem(segments, 'the request body schema must be an object schema');
      return [];
    }
    if (raw.type !== undefined && raw.type !== 'object') {
      diagnostics.problem([...segments, 'type'], 'the request body must be a JSON object (type: object)');
      return [];
    }
    const properties = raw.properties ?? {};
    if (!isPlainObject(properties)) {
      diagnostics.problem([...segments, 'properties'], 'properties must be an object');
      return [];
    }
    const required = raw.required ?? [];
    if (!Array.isArray(required) || required.some((r) => typeof r !== 'string')) {
      diagnostics.problem([...segments, 'required'], 'required must be a list of property names');
      return [];
    }
    for (const [index, name] of (required as string[]).entries()) {
      if (!(name in properties)) {
        diagnostics.problem(
          [...segments, 'required', index],
          `required property "${name}" is not among the properties`,
        );
      }
    }
    const drafts: ParameterDraft[] = [];
    for (const [name, property] of Object.entries(properties)) {
      const propertySegments = [...segments, 'properties', name];
      const { value, segments: resolved } = this.context.refs.resolve(property, propertySegments);
      if (!isPlainObject(value)) {
        diagnostics.problem(propertySegments, 'a property schema must be an object');
        continue;
      }
      const schema = this.schemas.normalize(value, resolved);
      if (!schema) continue;
      drafts.push(
        this.drafts.build(name, {
          description: typeof value.description === 'string' ? value.description : '',
          required: (required as string[]).includes(name),
          pythonType: this.drafts.pythonType(value, resolved),
          schema,
          isFile: false,
          segments: propertySegments,
          hint: value,
        }),
      );
    }
    return drafts;
  }
}
