import { BoundedMap } from '@panda-mcp/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { readHeader } from '@panda-mcp/panda-client';
import type { IncomingHttpHeaders } from 'node:http';
import { JsonRpcHttpError, TRANSPORT_ERROR } from './json-rpc-http.error';
import { ToolCatalogue } from './tool-catalogue.service';
import { ToolView, viewKey } from './tool-view';
import { readToolsetsFile, ToolsetDefinition, ToolsetsFileError } from './toolsets.reader';

export const READONLY_HEADER = 'x-mcp-readonly';
export const TOOLSETS_HEADER = 'x-mcp-toolsets';
/** Views built from request headers are kept for reuse; callers' header combinations are few. */
const CACHED_VIEWS = 64;
const MAX_HEADER_TOOLSETS = 20;

/**
 * The deployment's tool view (config `read_only`, `toolsets`) and the narrower views requests ask for
 * (`X-MCP-Readonly: true`, `X-MCP-Toolsets: a,b`). Toolsets are the PanDA modules and the names defined
 * in `toolsets_file`; `system_is_alive` and panda-mcp's own tools are in every view.
 */
@Injectable()
export class ToolViews {
  private readonly logger = new Logger(ToolViews.name);
  /** Every toolset by name, resolved to the served tools it holds. */
  private readonly toolsets = new Map<string, ReadonlySet<string>>();
  readonly base: ToolView;
  /** What the toolsets file says that is worth an operator's look but does not stop the start. */
  readonly warnings: string[] = [];
  private readonly cache = new BoundedMap<string, ToolView>(CACHED_VIEWS);

  constructor(
    @Inject(pandaMcpConfig.KEY) config: PandaMcpConfig,
    private readonly catalogue: ToolCatalogue,
  ) {
    const definitions = readToolsetsFile(config.toolsetsFile);
    this.resolve(definitions, config.toolsetsFile);
    const unknown = config.toolsets.filter((name) => !this.toolsets.has(name));
    if (unknown.length) {
      throw new ToolsetsFileError(
        [`toolsets: ${unknown.join(', ')} not defined (known: ${this.knownNames()})`],
        config.toolsetsFile,
      );
    }
    this.base = this.view(config.readOnly, config.toolsets, {
      readOnly: 'the deployment',
      toolsets: 'the deployment',
    });
  }

  /** The names a caller may use in `X-MCP-Toolsets`, with each toolset's tool count. */
  describe(): Array<{ name: string; tools: number }> {
    return [...this.toolsets].map(([name, tools]) => ({ name, tools: tools.size }));
  }

  /** The view of one request: the deployment's, narrowed by the request's headers. */
  forRequest(headers: IncomingHttpHeaders): ToolView {
    const readOnlyText = readHeader(headers, READONLY_HEADER);
    const toolsetsText = readHeader(headers, TOOLSETS_HEADER);
    if (readOnlyText === undefined && toolsetsText === undefined) return this.base;
    const readOnly = this.readOnlyFrom(readOnlyText);
    const asked = this.toolsetsFrom(toolsetsText);
    if (!readOnly && asked === undefined) return this.base;
    // narrowing only: a toolset the deployment does not serve stays out (its tools are not in the base)
    const toolsets = asked ?? [...this.base.toolsets];
    return this.cache.getOrCreate(viewKey(readOnly || this.base.readOnly, toolsets), () =>
      this.view(readOnly || this.base.readOnly, toolsets, {
        readOnly: readOnly && !this.base.readOnly ? 'this request (X-MCP-Readonly)' : 'the deployment',
        toolsets: asked ? 'this request (X-MCP-Toolsets)' : 'the deployment',
      }),
    );
  }

  private view(
    readOnly: boolean,
    toolsets: readonly string[],
    source: ConstructorParameters<typeof ToolView>[3],
  ) {
    let members = toolsets.length ? this.membersOf(toolsets) : undefined;
    // a request's toolsets narrow the deployment's, never widen them (whatever the request named)
    if (this.base?.toolsets.length) {
      const allowed = this.membersOf(this.base.toolsets);
      members = new Set([...(members ?? allowed)].filter((tool) => allowed.has(tool)));
      if (toolsets.length === 0) toolsets = this.base.toolsets;
    }
    return new ToolView(readOnly, [...toolsets].sort(), members, source);
  }

  private membersOf(names: readonly string[]): Set<string> {
    const members = new Set<string>();
    for (const name of names) for (const tool of this.toolsets.get(name) ?? []) members.add(tool);
    return members;
  }

  private readOnlyFrom(text: string | undefined): boolean {
    if (text === undefined) return false;
    const word = text.trim().toLowerCase();
    if (word === 'true' || word === '1' || word === 'yes') return true;
    if (word === 'false' || word === '0' || word === 'no' || word === '') return false;
    throw new JsonRpcHttpError(
      400,
      TRANSPORT_ERROR,
      `Bad Request: X-MCP-Readonly must be true or false, got ${JSON.stringify(text.slice(0, 40))}`,
    );
  }

  private toolsetsFrom(text: string | undefined): string[] | undefined {
    if (text === undefined) return undefined;
    const names = [...new Set(text.split(/[\s,]+/).filter((n) => n !== ''))];
    // a header of separators only names nothing: the deployment's view, never "every tool"
    if (names.length === 0) return undefined;
    const unknown = names.filter((name) => !this.toolsets.has(name));
    if (names.length > MAX_HEADER_TOOLSETS || unknown.length) {
      const shown = unknown.slice(0, 5).map((n) => JSON.stringify(n.slice(0, 64)));
      throw new JsonRpcHttpError(
        400,
        TRANSPORT_ERROR,
        names.length > MAX_HEADER_TOOLSETS
          ? `Bad Request: X-MCP-Toolsets names at most ${MAX_HEADER_TOOLSETS} toolsets`
          : `Bad Request: X-MCP-Toolsets names unknown toolsets ${shown.join(', ')} (known: ${this.knownNames()})`,
      );
    }
    return names.sort();
  }

  private knownNames(): string {
    return [...this.toolsets.keys()].join(', ');
  }

  /** Every module is a toolset; the file's toolsets are resolved member by member (cycles refused). */
  private resolve(definitions: ToolsetDefinition[], file: string): void {
    const served = this.catalogue.pandaEntries();
    const servedNames = served.map((entry) => entry.listing.name);
    for (const entry of served) {
      const module = entry.registered.endpoint.module;
      const tools = new Set(this.toolsets.get(module));
      tools.add(entry.listing.name);
      this.toolsets.set(module, tools);
    }
    const modules = new Set(this.toolsets.keys());
    const byName = new Map(definitions.map((d) => [d.name, d]));
    const problems = definitions
      .filter((d) => modules.has(d.name))
      .map((d) => `toolsets.${d.name}: a PanDA module has this name already`);
    const unmatched: string[] = [];
    const resolved = new Map<string, ReadonlySet<string>>();
    const resolving = new Set<string>();
    const membersOf = (member: string): Iterable<string> => {
      if (member.endsWith('*')) return servedNames.filter((tool) => tool.startsWith(member.slice(0, -1)));
      if (byName.has(member)) return resolveOne(member);
      if (modules.has(member)) return this.toolsets.get(member)!;
      return servedNames.includes(member) ? [member] : [];
    };
    const resolveOne = (name: string): ReadonlySet<string> => {
      const known = resolved.get(name);
      if (known) return known;
      if (resolving.has(name)) {
        problems.push(`toolsets.${name}: its members lead back to itself (a cycle)`);
        return new Set();
      }
      resolving.add(name);
      const tools = new Set<string>();
      for (const member of byName.get(name)!.members) {
        const before = tools.size;
        for (const tool of membersOf(member)) tools.add(tool);
        if (tools.size === before && !byName.has(member)) unmatched.push(`${name}: ${member}`);
      }
      resolving.delete(name);
      resolved.set(name, tools);
      return tools;
    };
    for (const definition of definitions) this.toolsets.set(definition.name, resolveOne(definition.name));
    if (problems.length) throw new ToolsetsFileError([...new Set(problems)], file);
    if (unmatched.length) {
      // a deployment may serve fewer endpoints than a toolset names: worth a warning, not a refusal
      const shown = unmatched.slice(0, 20).join('; ');
      this.warnings.push(`${file}: toolset members that match no served tool: ${shown}`);
      this.logger.warn({
        msg: 'toolset members that match no served tool',
        file,
        members: unmatched.slice(0, 20),
      });
    }
  }
}
