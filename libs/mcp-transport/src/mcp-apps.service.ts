import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { ClientCapabilities, ReadResourceResult, Resource, Tool } from '@modelcontextprotocol/server';
import { pandaMcpConfig, PandaMcpConfig, resolveBundledPath } from '@panda-mcp/config';

/** The MCP Apps extension's id in capabilities, and the MIME type of its HTML views. */
export const MCP_APPS_EXTENSION = 'io.modelcontextprotocol/ui';
export const MCP_APP_MIME_TYPE = 'text/html;profile=mcp-app';
/** Where clients of the extension's first releases look for a tool's view (newer ones read `_meta.ui`). */
const FLAT_RESOURCE_URI_KEY = 'ui/resourceUri';

export const TASK_DASHBOARD_URI = 'ui://panda-mcp/task-dashboard.html';
export const SITE_DASHBOARD_URI = 'ui://panda-mcp/site-dashboard.html';

/** One view panda-mcp ships: the tool whose results it draws, and the built HTML file. */
interface McpAppView {
  resource: Resource;
  tool: string;
  /** Relative to the package root; written by `npm run build` (scripts/build-views.mjs from apps/views). */
  file: string;
}

const VIEWS: readonly McpAppView[] = [
  {
    resource: {
      uri: TASK_DASHBOARD_URI,
      name: 'task-dashboard',
      title: 'PanDA task dashboard',
      description:
        "Draws task_diagnose's result: jobs by state, failure groups, failures by site and over time; a " +
        "click on a failure group lists its jobs (task_failed_jobs, with the user's own credentials).",
      mimeType: MCP_APP_MIME_TYPE,
    },
    tool: 'task_diagnose',
    file: 'dist/views/task-dashboard.html',
  },
  {
    resource: {
      uri: SITE_DASHBOARD_URI,
      name: 'site-dashboard',
      title: 'PanDA queues',
      description:
        "Draws site_overview's result: the worst queues by failed fraction of ended jobs; a click on a queue " +
        'shows its jobs by state (site_overview for that queue).',
      mimeType: MCP_APP_MIME_TYPE,
    },
    tool: 'site_overview',
    file: 'dist/views/site-dashboard.html',
  },
];

/**
 * Tools only views call (MCP Apps visibility "app"): listed to clients that draw views, which keep them
 * from the model, and to no one else, so an agent's tools/list stays as it was. Any caller may call them.
 */
const VIEW_ONLY_TOOLS: ReadonlySet<string> = new Set(['task_failed_jobs']);

/** Whether a client renders MCP Apps views: it declares the extension with the views' MIME type. */
export function rendersMcpApps(capabilities: ClientCapabilities | undefined): boolean {
  const ui = capabilities?.extensions?.[MCP_APPS_EXTENSION] as { mimeTypes?: unknown } | undefined;
  return Array.isArray(ui?.mimeTypes) && ui.mimeTypes.includes(MCP_APP_MIME_TYPE);
}

/**
 * panda-mcp's MCP Apps views (HTML drawn by the client inside the conversation). With `mcp_apps = auto`
 * only clients that declare the extension see them in tools/list and resources/list, and the others get
 * today's text answers and listings, byte for byte; `always` treats every client as one that draws views
 * (some hosts draw them without declaring the extension); `off` serves no views. Any client may read a
 * view unless they are off: it is static, public HTML.
 */
@Injectable()
export class McpApps {
  private readonly html = new Map<string, string>();
  private readonly byTool = new Map(VIEWS.map((view) => [view.tool, view]));
  private readonly mode: PandaMcpConfig['mcpApps'];

  readonly resources: readonly Resource[] = VIEWS.map((view) => view.resource);

  constructor(@Inject(pandaMcpConfig.KEY) config: Pick<PandaMcpConfig, 'mcpApps'>) {
    this.mode = config.mcpApps;
  }

  /** Whether views are served at all (the server then declares the extension). */
  get enabled(): boolean {
    return this.mode !== 'off';
  }

  /** Whether this client gets views: what it declares (`auto`), every client (`always`) or none (`off`). */
  drawsViews(capabilities: ClientCapabilities | undefined): boolean {
    if (this.mode === 'off') return false;
    return this.mode === 'always' || rendersMcpApps(capabilities);
  }

  /**
   * The tools/list answer for a client: for one that draws views, each viewed tool points at its view and
   * the view-only tools are marked so (copies; the shared listing is not touched); for any other client,
   * the listing without the view-only tools.
   */
  listing(tools: readonly Tool[], drawsViews: boolean): Tool[] {
    if (!drawsViews) return tools.filter((tool) => !VIEW_ONLY_TOOLS.has(tool.name));
    return tools.map((tool) => {
      if (VIEW_ONLY_TOOLS.has(tool.name))
        return { ...tool, _meta: { ...tool._meta, ui: { visibility: ['app'] } } };
      const view = this.byTool.get(tool.name);
      if (!view) return tool;
      const uri = view.resource.uri;
      return { ...tool, _meta: { ...tool._meta, ui: { resourceUri: uri }, [FLAT_RESOURCE_URI_KEY]: uri } };
    });
  }

  /** The view at this URI; undefined for a URI that is not a `ui://` one; a clear refusal for any other. */
  read(uri: string): ReadResourceResult | undefined {
    if (!uri.startsWith('ui://')) return undefined;
    if (!this.enabled) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `${uri.slice(0, 200)}: this panda-mcp serves no MCP Apps views (mcp_apps = off)`,
      );
    }
    const view = VIEWS.find((v) => v.resource.uri === uri);
    if (!view) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `unknown view ${uri.slice(0, 200)}: panda-mcp's views are ${VIEWS.map((v) => v.resource.uri).join(' and ')}`,
      );
    }
    return {
      contents: [
        {
          uri,
          mimeType: MCP_APP_MIME_TYPE,
          text: this.load(view),
          // no network, no outside resources: the view is one self-contained file
          _meta: { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } },
        },
      ],
    };
  }

  private load(view: McpAppView): string {
    const cached = this.html.get(view.file);
    if (cached !== undefined) return cached;
    let text: string;
    try {
      text = fs.readFileSync(resolveBundledPath(view.file), 'utf8');
    } catch {
      throw new ProtocolError(
        ProtocolErrorCode.InternalError,
        `The view ${view.resource.uri} is not built in this installation (${view.file} is missing; npm run build makes it)`,
      );
    }
    this.html.set(view.file, text);
    return text;
  }
}
