/**
 * The task dashboard view (MCP Apps), part of case 8: the size of its HTML as resources/read returns it,
 * and its first render in Debian's Chromium (the e2e test's host), from a real task_diagnose of task 5000.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { chromiumUnavailableReason, hostView, launchChromium } from '../../test/support/app-host';

const URI = 'ui://panda-mcp/task-dashboard.html';
const RENDERS = 5;

export interface ViewResults {
  htmlBytes: number;
  /** Median over RENDERS renders: ms from the view's document start to the drawn dashboard. */
  firstRenderMs?: number;
  /** Why the render was not measured (no Chromium). */
  skipped?: string;
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function measureTaskDashboard(mcpUrl: string, token: string): Promise<ViewResults> {
  const client = new Client(
    { name: 'bench-view', version: '1.0.0' },
    {
      capabilities: {
        extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
      },
    },
  );
  const headers = { Authorization: `Bearer ${token}`, Origin: 'atlas' };
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers } }));
  try {
    const html = ((await client.readResource({ uri: URI })).contents[0] as { text: string }).text;
    const htmlBytes = Buffer.byteLength(html);
    const skipped = chromiumUnavailableReason();
    if (skipped) return { htmlBytes, skipped };
    const result = await client.callTool({ name: 'task_diagnose', arguments: { task_id: 5000 } });
    const chromium = await launchChromium();
    try {
      const times: number[] = [];
      for (let i = 0; i < RENDERS; i++) {
        const { view, page } = await hostView(chromium.browser, {
          html,
          theme: 'light',
          width: 720,
          toolInput: { task_id: 5000 },
          toolResult: result,
          callTool: (params) => client.callTool(params),
        });
        await view.waitForSelector('#groups tbody tr', { timeout: 15_000 });
        times.push(await view.evaluate(() => Number(document.getElementById('view')?.dataset.rendered)));
        await page.close();
      }
      return { htmlBytes, firstRenderMs: medianOf(times) };
    } finally {
      await chromium.close();
    }
  } finally {
    await client.close();
  }
}
