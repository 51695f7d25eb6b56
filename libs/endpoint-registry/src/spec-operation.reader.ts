import type {
  BodyEncoding,
  EndpointAccess,
  HttpMethod,
  PandaEndpoint,
  ToolAnnotations,
} from './endpoint.types';
import type { PointerSegments } from './json-pointer.util';
import { SpecParameterReader } from './spec-parameter.reader';
import type { SpecReaderContext } from './spec-reader.context';
import { isPlainObject } from './structured-file';
import { inputSchemaOf } from './tool-input.schema';
import { accessFromText, annotationsByRule, toolDescription } from './tool-rules';

const ANNOTATION_HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/**
 * Turns one GET or POST operation into a PandaEndpoint: tool name from x-panda-module (or the first tag)
 * and x-panda-function (or the path), access checks, annotations, parameters and the tool's input schema.
 */
export class SpecOperationReader {
  private readonly parameters: SpecParameterReader;

  constructor(private readonly context: SpecReaderContext) {
    this.parameters = new SpecParameterReader(context);
  }

  /**
   * `path`: relative to the API v1 base; `sharedParameters`: the path item's `parameters`; `segments`:
   * where the operation is. Undefined when the operation has problems (they are in the diagnostics).
   */
  read(
    method: HttpMethod,
    path: string,
    raw: unknown,
    sharedParameters: unknown,
    segments: PointerSegments,
  ): PandaEndpoint | undefined {
    const diagnostics = this.context.diagnostics;
    if (!isPlainObject(raw)) {
      diagnostics.problem(segments, 'an operation must be an object');
      return undefined;
    }
    const operation = raw;
    const problemsBefore = diagnostics.problemCount;
    const pathWords = path.split('/').filter((s) => s.length > 0);

    const module = this.module(operation, pathWords, segments);
    const functionName = this.optionalString(operation, 'x-panda-function', segments) ?? pathWords.at(-1)!;
    const toolName = `${module}_${functionName}`;
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(toolName)) {
      diagnostics.problem(segments, `"${toolName}" is not a valid MCP tool name`);
    }
    const operationId = operation.operationId;
    if (typeof operationId === 'string' && 'x-panda-module' in operation && operationId !== toolName) {
      diagnostics.warn(
        [...segments, 'operationId'],
        `operationId ${operationId} differs from the tool name ${toolName} (x-panda-module + function)`,
      );
    }
    const summary = this.optionalString(operation, 'summary', segments) ?? '';
    const description = this.optionalString(operation, 'description', segments) ?? '';

    const { drafts, multipart } = this.parameters.read(method, operation, sharedParameters, segments);
    const access = this.access(operation, `${summary}\n${description}`, segments);
    const annotations = this.annotations(operation, module, functionName, method, segments);
    if (diagnostics.problemCount > problemsBefore) return undefined;

    const isFileUpload = drafts.some((d) => d.isFile);
    if (method === 'GET' && isFileUpload) {
      diagnostics.problem(segments, 'a GET operation cannot take a file upload');
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

  /** x-panda-module, else the first tag, else the path word before the function (with a warning). */
  private module(operation: Record<string, unknown>, pathWords: string[], segments: PointerSegments): string {
    const explicit = this.optionalString(operation, 'x-panda-module', segments);
    if (explicit) return explicit;
    const tags = operation.tags;
    if (Array.isArray(tags) && typeof tags[0] === 'string' && tags[0].length > 0) return tags[0];
    const guess = pathWords.length > 1 ? pathWords[pathWords.length - 2] : 'panda';
    this.context.diagnostics.warn(
      segments,
      `neither x-panda-module nor tags name the PanDA module; using "${guess}" from the path`,
    );
    return guess;
  }

  /** x-panda-access, else the words of the summary and description. */
  private access(
    operation: Record<string, unknown>,
    text: string,
    segments: PointerSegments,
  ): EndpointAccess {
    const raw = operation['x-panda-access'];
    if (raw === undefined) return accessFromText(text);
    const at = [...segments, 'x-panda-access'];
    if (!isPlainObject(raw)) {
      this.context.diagnostics.problem(at, 'x-panda-access must be an object');
      return accessFromText(text);
    }
    const flag = (key: string): boolean => {
      const value = raw[key];
      if (value === undefined) return false;
      if (typeof value !== 'boolean')
        this.context.diagnostics.problem([...at, key], `${key} must be true or false`);
      return value === true;
    };
    return {
      secure: flag('secure'),
      productionRole: flag('production_role'),
      taskOwnerOrProduction: flag('task_owner_or_production'),
    };
  }

  /** The annotations by rule, overridden by what x-panda-annotations gives. */
  private annotations(
    operation: Record<string, unknown>,
    module: string,
    functionName: string,
    method: HttpMethod,
    segments: PointerSegments,
  ): ToolAnnotations {
    const byRule = annotationsByRule(module, functionName, method);
    const raw = operation['x-panda-annotations'];
    if (raw === undefined) return byRule;
    const at = [...segments, 'x-panda-annotations'];
    if (!isPlainObject(raw)) {
      this.context.diagnostics.problem(at, 'x-panda-annotations must be an object');
      return byRule;
    }
    const result: ToolAnnotations = { ...byRule };
    if (raw.title !== undefined) {
      if (typeof raw.title === 'string' && raw.title.trim()) result.title = raw.title.trim();
      else this.context.diagnostics.problem([...at, 'title'], 'title must be a non-empty string');
    }
    for (const hint of ANNOTATION_HINTS) {
      const value = raw[hint];
      if (value === undefined) continue;
      if (typeof value === 'boolean') result[hint] = value;
      else this.context.diagnostics.problem([...at, hint], `${hint} must be true or false`);
    }
    return result;
  }

  private optionalString(
    node: Record<string, unknown>,
    key: string,
    segments: PointerSegments,
  ): string | undefined {
    const value = node[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.context.diagnostics.problem([...segments, key], `${key} must be a string`);
      return undefined;
    }
    return value;
  }
}
