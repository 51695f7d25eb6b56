import Ajv from 'ajv';
import type { JsonSchema } from './endpoint.types';
import { pointerSegments, PointerSegments } from './json-pointer.util';
import { mapSubschemas } from './json-schema.keywords';
import { withNull } from './python-annotation.schema';
import type { SpecReaderContext } from './spec-reader.context';
import { cloneJson, isPlainObject } from './structured-file';

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];
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

/**
 * Turns the schemas of an API description into plain, self-contained JSON Schemas (draft 2020-12), and
 * checks each against the meta-schema. Problems go to the context's diagnostics; a schema with problems
 * comes back as undefined.
 */
export class SpecSchemaNormalizer {
  private readonly metaAjv = new Ajv({ allErrors: true, strict: false });

  constructor(private readonly context: SpecReaderContext) {}

  /**
   * An OpenAPI schema as a plain JSON Schema: local $refs resolved, OpenAPI-only keywords and x-* extensions
   * removed (OpenAPI 3.0 `nullable: true` becomes a null type), and the top-level description left out.
   */
  normalize(raw: Record<string, unknown>, segments: PointerSegments): JsonSchema | undefined {
    const problemsBefore = this.context.diagnostics.problemCount;
    const schema = this.normalizeNode(raw, segments, true, []);
    if (this.context.diagnostics.problemCount > problemsBefore || !isPlainObject(schema)) return undefined;
    return this.check(schema, segments) ? schema : undefined;
  }

  /** Swagger 2.0 parameter fields (`type`, `items`, `default`, `enum`, ...) as a JSON Schema. */
  fromSwaggerParameter(
    raw: Record<string, unknown>,
    segments: PointerSegments,
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
        this.context.diagnostics.problem(
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
        this.context.diagnostics.problem([...segments, 'items'], 'items must be an object');
        return undefined;
      }
      const items = this.fromSwaggerParameter(raw.items, [...segments, 'items']);
      if (!items) return undefined;
      schema.items = items.schema;
    }
    const result = raw['x-nullable'] === true ? withNull(schema) : schema;
    return this.check(result, segments) ? { schema: result, isFile } : undefined;
  }

  private normalizeNode(
    raw: unknown,
    segments: PointerSegments,
    top: boolean,
    refStack: readonly string[],
  ): unknown {
    if (typeof raw === 'boolean') return raw;
    const { value, segments: at, refs } = this.context.refs.resolve(raw, segments, refStack);
    if (value === undefined) return {};
    if (!isPlainObject(value)) {
      this.context.diagnostics.problem(at, 'a schema must be an object');
      return {};
    }
    const stack = [...refStack, ...refs];
    const out = mapSubschemas(
      value,
      (child, path) => this.normalizeNode(child, [...at, ...path], false, stack),
      (key) =>
        !key.startsWith('x-') &&
        !OPENAPI_ONLY_KEYWORDS.has(key) &&
        key !== '$ref' &&
        !(top && key === 'description'),
    );
    return value.nullable === true ? withNull(out) : out;
  }

  /** True when the schema is a valid JSON Schema; otherwise one problem naming the places that are not. */
  private check(schema: JsonSchema, segments: PointerSegments): boolean {
    if (this.metaAjv.validateSchema(schema) === true) return true;
    // One message per place, the first (most specific) one; enums list what is allowed.
    const byPlace = new Map<string, string>();
    for (const error of this.metaAjv.errors ?? []) {
      if (error.keyword === 'anyOf' || byPlace.has(error.instancePath)) continue;
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
      const message = allowed ? `must be one of ${allowed.join(', ')}` : (error.message ?? 'is not valid');
      byPlace.set(
        error.instancePath,
        `${pointerSegments(error.instancePath).join('.') || 'the schema'} ${message}`,
      );
    }
    this.context.diagnostics.problem(
      segments,
      `not a valid JSON Schema: ${[...byPlace.values()].join('; ')}`,
    );
    return false;
  }
}
