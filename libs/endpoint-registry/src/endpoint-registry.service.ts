import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BUNDLED_API_SPEC,
  BUNDLED_ENDPOINT_LIST,
  pandaMcpConfig,
  PandaMcpConfig,
  resolveBundledPath,
} from '@panda-mcp/config';
import { loadApiSpec } from './api-spec.loader';
import { createArgumentAjv, createArgumentChecker } from './argument-checker';
import type { PandaEndpoint, RegisteredTool } from './endpoint.types';
import { EndpointListEntry, loadEndpointList } from './endpoint-list.loader';
import { EndpointRegistryError } from './endpoint-registry.error';

/** The tool every deployment exposes, listed or not: agents use it to check that PanDA answers. */
export const ALWAYS_EXPOSED_TOOL = 'system_is_alive';

/** Where the registry reads from; the same fields as PandaMcpConfig. */
export type EndpointRegistrySources = Pick<
  PandaMcpConfig,
  'apiSpecFile' | 'endpointListFile' | 'strictEndpoints'
>;

export interface EndpointRegistryOptions {
  /** Default: the bundled config/panda-api/openapi.yaml. */
  apiSpecFile?: string;
  /** Default: the bundled config/panda_mcp_endpoints.json. */
  endpointListFile?: string;
  /** Default: true (entries missing from the API description stop the start). */
  strictEndpoints?: boolean;
  /** Receives the warnings; default: Nest's Logger. */
  logger?: { warn(message: string): unknown };
}

/**
 * The MCP tools this server exposes: the endpoints of the API description selected by the endpoint list,
 * each with its argument check compiled once, at startup. Startup problems throw an EndpointRegistryError.
 */
@Injectable()
export class EndpointRegistry {
  /** The API description the tools come from. */
  readonly specFile: string;
  /** The endpoint list that selected them. */
  readonly endpointListFile: string;
  /** What was ignored or tolerated while building (also logged). */
  readonly warnings: readonly string[];
  private readonly tools: readonly RegisteredTool[];
  private readonly byName: ReadonlyMap<string, RegisteredTool>;

  constructor(
    @Inject(pandaMcpConfig.KEY) config: EndpointRegistrySources & Pick<EndpointRegistryOptions, 'logger'>,
  ) {
    const logger = config.logger ?? new Logger(EndpointRegistry.name);
    this.specFile = config.apiSpecFile ?? resolveBundledPath(BUNDLED_API_SPEC);
    this.endpointListFile = config.endpointListFile ?? resolveBundledPath(BUNDLED_ENDPOINT_LIST);
    const strict = config.strictEndpoints ?? true;

    const spec = loadApiSpec(this.specFile);
    const list = loadEndpointList(this.endpointListFile);
    const warnings = [...spec.warnings];
    const selected = selectEndpoints(spec.endpoints, list, {
      specFile: this.specFile,
      listFile: this.endpointListFile,
      strict,
      warnings,
    });

    const ajv = createArgumentAjv();
    const problems: string[] = [];
    const tools: RegisteredTool[] = [];
    for (const endpoint of selected) {
      try {
        const checkArguments = createArgumentChecker(endpoint, ajv);
        tools.push(Object.freeze({ endpoint, checkArguments }));
      } catch (error) {
        problems.push(
          `${this.specFile}: the input schema of ${endpoint.toolName} does not compile: ${(error as Error).message}`,
        );
      }
    }
    if (problems.length > 0) throw new EndpointRegistryError(problems, 'The endpoint registry cannot start');

    this.tools = Object.freeze(tools);
    this.byName = new Map(tools.map((t) => [t.endpoint.toolName, t]));
    this.warnings = Object.freeze(warnings);
    for (const warning of warnings) logger.warn(warning);
  }

  /** Builds a registry without Nest (tests, command-line tools). */
  static fromFiles(options: EndpointRegistryOptions = {}): EndpointRegistry {
    return new EndpointRegistry({
      apiSpecFile: options.apiSpecFile ?? resolveBundledPath(BUNDLED_API_SPEC),
      endpointListFile: options.endpointListFile,
      strictEndpoints: options.strictEndpoints ?? true,
      logger: options.logger,
    });
  }

  /** The exposed tools, in the order of the API description. */
  list(): readonly RegisteredTool[] {
    return this.tools;
  }

  get(toolName: string): RegisteredTool | undefined {
    return this.byName.get(toolName);
  }

  get size(): number {
    return this.tools.length;
  }
}

/**
 * The endpoints the list selects, in the API description's order, plus system_is_alive. Listed entries the
 * description lacks are startup errors, or warnings when not strict.
 */
export function selectEndpoints(
  endpoints: readonly PandaEndpoint[],
  list: readonly EndpointListEntry[],
  context: { specFile: string; listFile: string; strict: boolean; warnings: string[] },
): PandaEndpoint[] {
  const described = new Set(endpoints.map((e) => e.toolName));
  const wanted = new Set(list.map((e) => e.toolName));
  const missing = list
    .filter((e) => !described.has(e.toolName))
    .map((e) => `${e.toolName} is listed in ${context.listFile} but not described in ${context.specFile}`);
  if (!described.has(ALWAYS_EXPOSED_TOOL)) {
    missing.push(`${ALWAYS_EXPOSED_TOOL} is always exposed but not described in ${context.specFile}`);
  }
  if (missing.length > 0) {
    if (context.strict) {
      throw new EndpointRegistryError(
        missing,
        `${missing.length} endpoint(s) cannot be exposed (set strict_endpoints to false to skip them with a warning)`,
      );
    }
    context.warnings.push(...missing.map((m) => `${m}; skipped`));
  }
  wanted.add(ALWAYS_EXPOSED_TOOL);
  return endpoints.filter((e) => wanted.has(e.toolName));
}
