import type { Tool } from '@modelcontextprotocol/server';
import {
  McpApps,
  MCP_APP_MIME_TYPE,
  rendersMcpApps,
  SITE_DASHBOARD_URI,
  TASK_DASHBOARD_URI,
} from './mcp-apps.service';

const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({
  name,
  inputSchema: { type: 'object' },
  ...extra,
});

describe(rendersMcpApps.name, () => {
  it.each([
    [{ extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [MCP_APP_MIME_TYPE] } } }, true],
    [{ extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html'] } } }, false],
    [{ extensions: { 'io.modelcontextprotocol/ui': {} } }, false],
    [{ extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: MCP_APP_MIME_TYPE } } }, false],
    [{ elicitation: {} }, false],
    [undefined, false],
  ])('%j -> %s', (capabilities, expected) => {
    expect(rendersMcpApps(capabilities as never)).toBe(expected);
  });
});

describe(McpApps.name, () => {
  let sut: McpApps;
  const tools = [
    tool('task_diagnose', { _meta: { other: 1 } }),
    tool('task_failed_jobs'),
    tool('job_diagnose'),
    tool('site_overview'),
  ];

  beforeEach(() => {
    sut = new McpApps({ mcpApps: 'auto' });
  });

  it('points the viewed tool at its view and marks the view-only tool, for a client that draws views', () => {
    expect(sut.listing(tools, true)).toEqual([
      tool('task_diagnose', {
        _meta: { other: 1, ui: { resourceUri: TASK_DASHBOARD_URI }, 'ui/resourceUri': TASK_DASHBOARD_URI },
      }),
      tool('task_failed_jobs', { _meta: { ui: { visibility: ['app'] } } }),
      tool('job_diagnose'),
      tool('site_overview', {
        _meta: { ui: { resourceUri: SITE_DASHBOARD_URI }, 'ui/resourceUri': SITE_DASHBOARD_URI },
      }),
    ]);
    // the shared listing is not changed
    expect(tools[0]._meta).toEqual({ other: 1 });
  });

  it('lists the same tools as before, without the view-only one, to any other client', () => {
    expect(sut.listing(tools, false)).toEqual([tools[0], tools[2], tools[3]]);
  });

  const declaring = { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [MCP_APP_MIME_TYPE] } } };

  it.each([
    ['auto', declaring, true],
    ['auto', { elicitation: {} }, false],
    ['always', { elicitation: {} }, true],
    ['always', undefined, true],
    ['off', declaring, false],
  ] as const)('mcp_apps = %s: a client declaring %j draws views: %s', (mode, capabilities, expected) => {
    expect(new McpApps({ mcpApps: mode }).drawsViews(capabilities)).toBe(expected);
  });

  it('serves no view at all when MCP Apps are off', () => {
    const off = new McpApps({ mcpApps: 'off' });
    expect(off.enabled).toBe(false);
    expect(() => off.read(TASK_DASHBOARD_URI)).toThrow(/serves no MCP Apps views \(mcp_apps = off\)/);
    expect(off.read('panda://task/1')).toBeUndefined();
    expect(sut.enabled).toBe(true);
  });

  it('refuses a ui:// URI that is not one of its views, naming them, and leaves other URIs alone', () => {
    expect(() => sut.read('ui://panda-mcp/elsewhere.html')).toThrow(
      `unknown view ui://panda-mcp/elsewhere.html: panda-mcp's views are ${TASK_DASHBOARD_URI} and ${SITE_DASHBOARD_URI}`,
    );
    expect(sut.read('panda://task/1')).toBeUndefined();
  });
});
