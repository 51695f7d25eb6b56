import type { EndpointParameter, JsonSchema } from './endpoint.types';
import type { PointerSegments } from './json-pointer.util';
import { schemaAcceptsNull, withNull } from './python-annotation.schema';
import type { SpecReaderContext } from './spec-reader.context';

/** A parameter read from the API description, before the operation is known to be usable. */
export interface ParameterDraft {
  parameter: EndpointParameter;
  /** A file upload: the operation is sent as multipart. */
  isFile: boolean;
  /** Where the parameter is declared. */
  segments: PointerSegments;
}

/** What the API description says about one parameter, wherever it declares it. */
export interface ParameterDeclaration {
  description: string;
  required: boolean;
  pythonType: string | undefined;
  /** The normalized validation schema. */
  schema: JsonSchema;
  /** Declared as a file (Swagger 2.0 `type: file`). */
  isFile: boolean;
  segments: PointerSegments;
  /** The raw declaration (with its schema's keywords), for the signs of a file upload. */
  hint: Record<string, unknown>;
}

/** Makes EndpointParameters from the declarations of the API description. */
export class ParameterDraftBuilder {
  constructor(private readonly context: SpecReaderContext) {}

  /** The parameter; a default of null that the schema does not accept is accepted, with a warning. */
  build(name: string, declaration: ParameterDeclaration): ParameterDraft {
    const hasDefault = 'default' in declaration.schema;
    let schema = declaration.schema;
    if (hasDefault && schema.default === null && !schemaAcceptsNull(schema)) {
      this.context.diagnostics.warn(
        declaration.segments,
        `"${name}" defaults to null but its schema does not accept null; null is accepted`,
      );
      schema = withNull(schema);
    }
    const parameter: EndpointParameter = {
      name,
      description: declaration.description.trim(),
      required: declaration.required,
      hasDefault,
      schema,
    };
    if (hasDefault) parameter.default = schema.default;
    if (declaration.pythonType !== undefined) parameter.pythonType = declaration.pythonType;
    const isFile =
      declaration.isFile ||
      declaration.pythonType === 'FileStorage' ||
      declaration.hint.format === 'binary' ||
      declaration.hint.contentMediaType !== undefined ||
      /\bFileStorage\b/.test(declaration.description);
    return { parameter, isFile, segments: declaration.segments };
  }

  /** PanDA's Python annotation (`x-panda-type`) of a parameter or schema, when it has one. */
  pythonType(node: Record<string, unknown>, segments: PointerSegments): string | undefined {
    const value = node['x-panda-type'];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.context.diagnostics.problem(
        [...segments, 'x-panda-type'],
        'x-panda-type must be a string (the Python annotation)',
      );
      return undefined;
    }
    return value;
  }
}
