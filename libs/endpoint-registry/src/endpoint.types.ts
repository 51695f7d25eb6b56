/** A JSON Schema (draft 2020-12 / OpenAPI 3.1 dialect) as a plain object. */
export type JsonSchema = Record<string, unknown>;

export type HttpMethod = 'GET' | 'POST';

/** How PanDA receives the arguments: query string for GET, a JSON or multipart body for POST. */
export type BodyEncoding = 'query' | 'json' | 'multipart';

export interface EndpointParameter {
  name: string;
  /** The parameter's description as the API description gives it (may be empty). */
  description: string;
  required: boolean;
  hasDefault: boolean;
  default?: unknown;
  /** PanDA's Python annotation (`x-panda-type`), when the API description gives it. */
  pythonType?: string;
  /** The validation schema of the value: types, items, enum, default, ... (no description, no x-* keys). */
  schema: JsonSchema;
}

/** The access checks PanDA applies to an endpoint. */
export interface EndpointAccess {
  /** Needs HTTPS and a token. */
  secure: boolean;
  /** Needs the production role of the VO. */
  productionRole: boolean;
  /** Needs to own the task, or the production role. */
  taskOwnerOrProduction: boolean;
}

/** MCP tool annotations. */
export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** A tool's MCP input schema (a JSON Schema object, hence the index signature). */
export interface ToolInputSchema {
  [keyword: string]: unknown;
  type: 'object';
  properties: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties: false;
}

export interface PandaEndpoint {
  /** `${module}_${functionName}` */
  toolName: string;
  /** The PanDA module as PanDA's endpoint list spells it (e.g. `credential_management`). */
  module: string;
  functionName: string;
  httpMethod: HttpMethod;
  /** Relative to the API v1 base, always starting with '/', e.g. '/task/get_status', '/creds/get_access_token'. */
  path: string;
  bodyEncoding: BodyEncoding;
  summary: string;
  /** The full tool description for the agent: what it does, and what it needs. */
  description: string;
  parameters: EndpointParameter[];
  access: EndpointAccess;
  annotations: ToolAnnotations;
  inputSchema: ToolInputSchema;
}

export type ArgumentCheck = { ok: true; args: Record<string, unknown> } | { ok: false; problems: string[] };

export interface RegisteredTool {
  endpoint: PandaEndpoint;
  /** Checks the agent's arguments against the tool's input schema; never mutates them. */
  checkArguments(args: unknown): ArgumentCheck;
}
