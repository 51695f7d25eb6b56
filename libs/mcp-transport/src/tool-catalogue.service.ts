import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Tool } from '@modelcontextprotocol/server';
import {
  outputSchemaOf,
  resultShapeOf,
  ResultShape,
  SHAPING_PREFIX,
  shapingParameterSchemas,
} from '@panda-mcp/answer-shaping';
import {
  EndpointRegistry,
  EndpointRegistryError,
  RegisteredTool,
  ToolAnnotations,
  ToolInputSchema,
} from '@panda-mcp/endpoint-registry';
import { OWN_TOOLS, OwnTool } from '@panda-mcp/diagnosis';

/** A registered PanDA endpoint as an MCP tool: its listing, and how its answers are shaped. */
export interface PandaToolEntry {
  kind: 'panda';
  registered: RegisteredTool;
  shape: ResultShape | undefined;
  /** The tool declares an outputSchema: its successful results carry structuredContent. */
  structured: boolean;
  listing: Tool;
}

/** One of panda-mcp's own tools (diagnosis), listed after PanDA's. */
export interface OwnToolEntry {
  kind: 'own';
  tool: OwnTool;
  listing: Tool;
}

export type CatalogueEntry = PandaToolEntry | OwnToolEntry;

/**
 * MCP spec defaults: readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true.
 * A hint is listed when it says something the default does not (read-only and destructive always, as
 * clients show them); the title is the tool's own.
 */
export function listedAnnotations(annotations: ToolAnnotations): Tool['annotations'] {
  const listed: NonNullable<Tool['annotations']> = { readOnlyHint: annotations.readOnlyHint };
  if (!annotations.readOnlyHint) {
    listed.destructiveHint = annotations.destructiveHint;
    if (annotations.idempotentHint) listed.idempotentHint = true;
  }
  if (!annotations.openWorldHint) listed.openWorldHint = false;
  return listed;
}

/**
 * The input schema as listed: PanDA's parameters and panda-mcp's, without `additionalProperties: false`.
 * The argument check still refuses unknown names (and lists the known ones); in the listing the keyword
 * would cost 1.7 KB of every agent's context for the default tools and tell a model nothing new.
 */
export function listedInputSchema(
  schema: ToolInputSchema,
  own: Record<string, Record<string, unknown>>,
): Tool['inputSchema'] {
  const { additionalProperties: _strict, ...listed } = schema;
  return { ...listed, properties: { ...schema.properties, ...own } } as Tool['inputSchema'];
}

/**
 * The registry's endpoints (then panda-mcp's own tools) with panda-mcp's paging and field parameters merged into their input schemas,
 * their outputSchemas where the answer's shape is known, and the tools/list payload; built once at start.
 */
@Injectable()
export class ToolCatalogue {
  private readonly entries: ReadonlyMap<string, CatalogueEntry>;
  private readonly listing: Tool[];

  constructor(registry: EndpointRegistry, @Optional() @Inject(OWN_TOOLS) ownTools: readonly OwnTool[] = []) {
    const collisions: string[] = [];
    const entries = new Map<string, CatalogueEntry>();
    for (const registered of registry.list()) {
      const endpoint = registered.endpoint;
      for (const name of Object.keys(endpoint.inputSchema.properties)) {
        if (name.startsWith(SHAPING_PREFIX)) {
          collisions.push(
            `${endpoint.toolName}: PanDA parameter ${name} starts with ${SHAPING_PREFIX}, the prefix of panda-mcp's own parameters`,
          );
        }
      }
      const shape = resultShapeOf(endpoint.toolName);
      const outputSchema = outputSchemaOf(shape);
      const own = shapingParameterSchemas(shape);
      const listing: Tool = {
        name: endpoint.toolName,
        title: endpoint.annotations.title,
        // the mcp_* parameters say in their own descriptions that they are panda-mcp's
        description: endpoint.description,
        inputSchema: listedInputSchema(endpoint.inputSchema, own),
        ...(outputSchema ? { outputSchema: outputSchema as Tool['outputSchema'] } : {}),
        annotations: listedAnnotations(endpoint.annotations),
      };
      entries.set(endpoint.toolName, {
        kind: 'panda',
        registered,
        shape,
        structured: outputSchema !== undefined,
        listing,
      });
    }
    for (const tool of ownTools) {
      if (entries.has(tool.listing.name)) {
        collisions.push(`${tool.listing.name}: panda-mcp's own tool has the name of a PanDA tool`);
      }
      entries.set(tool.listing.name, { kind: 'own', tool, listing: tool.listing });
    }
    if (collisions.length)
      throw new EndpointRegistryError(collisions, 'panda-mcp cannot add its own parameters');
    this.entries = entries;
    this.listing = [...entries.values()].map((entry) => entry.listing);
  }

  get(toolName: string): CatalogueEntry | undefined {
    return this.entries.get(toolName);
  }

  /** A served PanDA tool by name (own tools call PanDA through these). */
  pandaTool(toolName: string): PandaToolEntry | undefined {
    const entry = this.entries.get(toolName);
    return entry?.kind === 'panda' ? entry : undefined;
  }

  /** The served PanDA tools, in listing order. */
  pandaEntries(): PandaToolEntry[] {
    return [...this.entries.values()].filter((entry): entry is PandaToolEntry => entry.kind === 'panda');
  }

  /** Every entry, in listing order. */
  all(): CatalogueEntry[] {
    return [...this.entries.values()];
  }

  /** The tools/list payload (the registry does not change while the service runs). */
  list(): Tool[] {
    return this.listing;
  }
}
