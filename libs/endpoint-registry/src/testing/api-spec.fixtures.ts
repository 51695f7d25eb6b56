import { parse } from 'yaml';
import type { PandaEndpoint } from '../endpoint.types';
import { EndpointRegistryError } from '../endpoint-registry.error';
import type { PointerSegments } from '../json-pointer.util';
import { isPlainObject } from '../structured-file';

// Test documents and helpers for the specs of the API description reader (no jest here: it is also built).

/** A small document in our style (docs/api-description.md). */
export const OURS = `
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
export const FOREIGN = `
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

/** A document whose only operation is GET /task/get_status, given as YAML lines (or a flow mapping). */
export function minimalDocument(operation: string): string {
  return `
openapi: 3.1.0
paths:
  /task/get_status:
    get:
${indent(operation, 6)}
`;
}

/** Each line of the text indented by `spaces`. */
export function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((l) => `${' '.repeat(spaces)}${l}`)
    .join('\n');
}

/** The YAML (or JSON) text as a document. */
export function documentOf(text: string): Record<string, unknown> {
  const document: unknown = parse(text);
  if (!isPlainObject(document)) throw new Error('the test document is not an object');
  return document;
}

/** The problems of the EndpointRegistryError that `action` throws. */
export function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof EndpointRegistryError) return [...error.problems];
    throw error;
  }
  throw new Error('expected an EndpointRegistryError');
}

export function byName(endpoints: PandaEndpoint[], toolName: string): PandaEndpoint {
  const found = endpoints.find((e) => e.toolName === toolName);
  if (!found) throw new Error(`no ${toolName} among ${endpoints.map((e) => e.toolName).join(', ')}`);
  return found;
}

/** An operation of a test document, as the readers get it. */
export interface OperationAt {
  operation: Record<string, unknown>;
  /** The path item's `parameters`. */
  shared: unknown;
  segments: PointerSegments;
}

export function operationAt(document: Record<string, unknown>, pathKey: string, method: string): OperationAt {
  const item = (document.paths as Record<string, Record<string, unknown>>)[pathKey];
  const operation = item?.[method];
  if (!isPlainObject(operation)) throw new Error(`no ${method} operation at ${pathKey}`);
  return { operation, shared: item.parameters, segments: ['paths', pathKey, method] };
}
