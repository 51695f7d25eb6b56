import { Inject, Injectable } from '@nestjs/common';
import type { CallToolResult, InputRequiredResult, Tool } from '@modelcontextprotocol/server';
import { textBlock } from '@panda-mcp/answer-shaping';
import { BoundedMap, isPlainObject, shorten } from '@panda-mcp/common';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { CACHED_LISTINGS, ToolCallRequest, ToolCallService, UnknownToolError } from './tool-call.service';
import { CatalogueEntry, ToolCatalogue } from './tool-catalogue.service';
import { exclusionOf, ToolView } from './tool-view';

const SEARCH = 'search_tools';
const DESCRIBE = 'describe_tool';
const CALL = 'call_tool';
const DEFAULT_MATCHES = 8;
const MAX_MATCHES = 20;

const SEARCH_LISTING: Tool = {
  name: SEARCH,
  title: 'Find PanDA tools',
  description:
    "Find the tools for a task in words (e.g. 'kill a task', 'job status', 'site statistics'): the best " +
    'matches with one line each. Then describe_tool for parameters, call_tool to run one.',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: MAX_MATCHES, default: DEFAULT_MATCHES },
    },
    required: ['query'],
  },
  annotations: { readOnlyHint: true },
};

const DESCRIBE_LISTING: Tool = {
  name: DESCRIBE,
  title: 'Describe a PanDA tool',
  description: "A tool's full description, input schema and hints, by name (from search_tools).",
  inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  annotations: { readOnlyHint: true },
};

/** Words of a text for matching: lower case, split at anything that is not a letter or digit. */
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1);

/**
 * `tool_discovery = search`: instead of every tool, tools/list offers search_tools, describe_tool and
 * call_tool (plus panda-mcp's own tools), so an agent pays a few kilobytes for the list and looks up
 * the tools it needs. Every rule of a direct call applies to call_tool (view, arguments, limits, budget).
 */
@Injectable()
export class ToolDiscovery {
  readonly searching: boolean;
  private readonly listings = new BoundedMap<string, Tool[]>(CACHED_LISTINGS);
  private readonly index: Array<{
    entry: CatalogueEntry;
    name: string[];
    title: string[];
    words: Set<string>;
  }>;

  constructor(
    @Inject(pandaMcpConfig.KEY) config: Pick<PandaMcpConfig, 'toolDiscovery'>,
    private readonly catalogue: ToolCatalogue,
    private readonly tools: ToolCallService,
  ) {
    this.searching = config.toolDiscovery === 'search';
    this.index = catalogue.all().map((entry) => ({
      entry,
      name: wordsOf(entry.listing.name),
      title: wordsOf(entry.listing.title ?? ''),
      words: new Set(wordsOf(`${entry.listing.description ?? ''}`)),
    }));
  }

  /** Whether tools/call of this name is one of the discovery tools. */
  handles(name: string): boolean {
    return this.searching && (name === SEARCH || name === DESCRIBE || name === CALL);
  }

  /** The tools/list of a view in search mode. */
  listTools(view: ToolView): Tool[] {
    return this.listings.getOrCreate(view.key, () => {
      const reachable = this.catalogue.all().filter((entry) => exclusionOf(view, entry) === undefined);
      const own = reachable.filter((entry) => entry.kind === 'own').map((entry) => entry.listing);
      return [SEARCH_LISTING, DESCRIBE_LISTING, this.callListing(reachable), ...own];
    });
  }

  /** One of the discovery tools; call_tool runs its tool with every rule of a direct call (`request`). */
  async call(
    name: string,
    args: unknown,
    request: ToolCallRequest & { view: ToolView },
  ): Promise<CallToolResult | InputRequiredResult> {
    const view = request.view;
    const given = isPlainObject(args) ? args : {};
    if (name === SEARCH) return this.search(given, view);
    if (name === DESCRIBE) return this.describe(given, view);
    const target = given.name;
    if (typeof target !== 'string' || target === '') {
      return refused('call_tool needs "name" (a tool name from search_tools) and "arguments" (an object)');
    }
    if (this.handles(target)) return refused(`call_tool runs PanDA's and panda-mcp's tools, not ${target}`);
    try {
      const report = await this.tools.call(target, given.arguments ?? {}, request);
      return report.inputRequired ?? report.result;
    } catch (error) {
      if (error instanceof UnknownToolError)
        return refused(`${error.message}; search_tools finds the tools there are`);
      throw error;
    }
  }

  /** call_tool's hints: those of the most dangerous tool it can reach in the view. */
  private callListing(reachable: CatalogueEntry[]): Tool {
    const readOnly = reachable.every((entry) => entry.listing.annotations?.readOnlyHint === true);
    const destructive = reachable.some(
      (entry) =>
        entry.listing.annotations?.readOnlyHint !== true &&
        entry.listing.annotations?.destructiveHint !== false,
    );
    return {
      name: CALL,
      title: 'Run a PanDA tool',
      description:
        'Run a tool found with search_tools: name and arguments as describe_tool shows them; the result is ' +
        "that tool's. " +
        (readOnly
          ? 'Only tools that change nothing are reachable here.'
          : 'Some reachable tools change or end work.'),
      inputSchema: {
        type: 'object',
        properties: { name: { type: 'string' }, arguments: { type: 'object' } },
        required: ['name'],
      },
      annotations: readOnly ? { readOnlyHint: true } : { readOnlyHint: false, destructiveHint: destructive },
    };
  }

  private search(args: Record<string, unknown>, view: ToolView): CallToolResult {
    const query = args.query;
    const limit = args.limit ?? DEFAULT_MATCHES;
    if (typeof query !== 'string' || query.trim() === '' || query.length > 500) {
      return refused('search_tools needs "query": a few words of 1 to 500 characters');
    }
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_MATCHES) {
      return refused(`search_tools "limit" must be an integer from 1 to ${MAX_MATCHES}`);
    }
    const asked = [...new Set(wordsOf(query))].slice(0, 20);
    const scored = this.index
      .filter((item) => exclusionOf(view, item.entry) === undefined)
      .map((item) => ({
        item,
        score: asked.reduce(
          (sum, word) =>
            sum +
            (item.name.includes(word) ? 3 : item.name.some((w) => w.startsWith(word)) ? 2 : 0) +
            (item.title.includes(word) ? 2 : 0) +
            (item.words.has(word) ? 1 : 0),
          0,
        ),
      }))
      .filter((match) => match.score > 0)
      .sort(
        (a, b) => b.score - a.score || a.item.entry.listing.name.localeCompare(b.item.entry.listing.name),
      );
    const shown = scored.slice(0, limit).map(({ item }) => {
      const listing = item.entry.listing;
      const hints = listing.annotations;
      return {
        name: listing.name,
        summary: shorten((listing.description ?? '').split('\n')[0], 160),
        ...(hints?.readOnlyHint ? { readOnly: true } : hints?.destructiveHint ? { destructive: true } : {}),
      };
    });
    const body = {
      query: shorten(query, 100),
      matches: shown,
      shown: `${shown.length} of ${scored.length} matching tools`,
      next: shown.length
        ? `describe_tool {"name": "${shown[0].name}"} for its parameters, then call_tool {"name": ..., "arguments": {...}}`
        : 'no tool matched: try other words (a module such as task, job, statistics; or what to do: kill, status)',
    };
    return { content: [textBlock(JSON.stringify(body))] };
  }

  private describe(args: Record<string, unknown>, view: ToolView): CallToolResult {
    const name = args.name;
    if (typeof name !== 'string' || name === '')
      return refused('describe_tool needs "name" (from search_tools)');
    const entry = this.catalogue.get(name);
    if (!entry) return refused(`Unknown tool: ${shorten(name, 100)}; search_tools finds the tools there are`);
    const excluded = exclusionOf(view, entry);
    if (excluded) return refused(`Unknown tool: ${name} (not served to you here: ${excluded})`);
    return { content: [textBlock(JSON.stringify(entry.listing))] };
  }
}

function refused(message: string): CallToolResult {
  return { isError: true, content: [textBlock(message)] };
}
