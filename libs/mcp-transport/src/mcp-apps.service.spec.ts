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
    sut = new McpApps();
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

  it('reads nothing for a URI that is not one of its views', () => {
    expect(sut.read('ui://panda-mcp/elsewhere.html')).toBeUndefined();
    expect(sut.read('panda://task/1')).toBeUndefined();
  });
});
