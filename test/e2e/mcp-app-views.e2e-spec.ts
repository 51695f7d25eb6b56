import {
  Client as Client2026,
  StreamableHTTPClientTransport as Streamable2026,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumUnavailableReason, hostView, launchChromium } from '../support/app-host';
import { until } from '../support/bounded-wait';
import { connect2025, DEFAULT_TOOL_COUNT, fetchWithCredentials, viaMcpRemote } from '../support/mcp-clients';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/**
 * The MCP Apps views (apps/views): the task dashboard and the queue view, listed only to clients that
 * declare the extension, in both protocol eras; read as self-contained HTML files; drawn in Debian's
 * Chromium inside a test host on the extension's AppBridge, from real tool calls against panda-sim.
 */
const URI = 'ui://panda-mcp/task-dashboard.html';
const SITE_URI = 'ui://panda-mcp/site-dashboard.html';
const MIME = 'text/html;profile=mcp-app';
const APPS = { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [MIME] } } };
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results');

interface Dashboard {
  jobs: { total: number; byStatus: Record<string, number> };
  failures: { groups: Array<{ field: string; code: number; count: number; component: string }> };
  dashboard: { jobsRead: number; sites: { rows: Array<{ site: string }> }; timeline?: { points: unknown[] } };
}

type AnyClient = Pick<Client, 'listTools' | 'listResources' | 'readResource' | 'callTool' | 'close'>;

describe('the MCP Apps views: task dashboard and queues', () => {
  let sim: RunningPandaSim;
  let mcp: RunningPandaMcp;
  let alice: string;
  const clients: AnyClient[] = [];

  beforeAll(async () => {
    sim = await startPandaSim();
    mcp = await startPandaMcp({ PANDA_API_URL: sim.apiUrl });
    alice = await sim.token('alice', 'atlas');
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await mcp?.stop();
    await sim?.stop();
  });

  async function connect(
    era: '2025' | '2026-07-28',
    drawsViews: boolean,
    url = mcp.mcpUrl,
  ): Promise<AnyClient> {
    const fetch = fetchWithCredentials({ token: alice, vo: 'atlas' });
    const capabilities = drawsViews ? APPS : {};
    let client: AnyClient;
    if (era === '2025') {
      const legacy = new Client({ name: `e2e-views-${era}`, version: '1.0.0' }, { capabilities });
      await legacy.connect(new StreamableHTTPClientTransport(new URL(url), { fetch }));
      client = legacy;
    } else {
      const modern = new Client2026(
        { name: `e2e-views-${era}`, version: '1.0.0' },
        { capabilities, versionNegotiation: { mode: { pin: '2026-07-28' } } },
      );
      await modern.connect(new Streamable2026(new URL(url), { fetch }));
      client = modern as unknown as AnyClient;
    }
    clients.push(client);
    return client;
  }

  describe.each(['2025', '2026-07-28'] as const)('protocol era %s', (era) => {
    it('points task_diagnose at the view and lists it for a client that declares MCP Apps', async () => {
      const client = await connect(era, true);
      const { tools } = await client.listTools();
      const diagnose = tools.find((t) => t.name === 'task_diagnose');
      expect(diagnose?._meta).toEqual({ ui: { resourceUri: URI }, 'ui/resourceUri': URI });
      // only the viewed tools carry it; the tool the task view calls is listed for the view alone
      expect(tools.filter((t) => t._meta !== undefined).map((t) => [t.name, t._meta])).toEqual([
        ['task_diagnose', diagnose?._meta],
        ['task_failed_jobs', { ui: { visibility: ['app'] } }],
        ['site_overview', { ui: { resourceUri: SITE_URI }, 'ui/resourceUri': SITE_URI }],
      ]);
      const { resources } = await client.listResources();
      expect(resources).toEqual([
        expect.objectContaining({ uri: URI, mimeType: MIME }),
        expect.objectContaining({ uri: SITE_URI, mimeType: MIME }),
      ]);
      const site = (await client.readResource({ uri: SITE_URI })).contents[0] as { text: string };
      expect(Buffer.byteLength(site.text)).toBeLessThan(300 * 1024);
      const read = await client.readResource({ uri: URI });
      const [content] = read.contents as Array<{
        uri: string;
        mimeType: string;
        text: string;
        _meta: unknown;
      }>;
      expect(content).toMatchObject({ uri: URI, mimeType: MIME });
      expect(content._meta).toEqual({
        ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true },
      });
      expect(content.text).toMatch(/^<!doctype html>/i);
      expect(Buffer.byteLength(content.text)).toBeLessThan(300 * 1024);
      // self-contained: nothing loaded from elsewhere, and a policy that allows nothing else
      expect(content.text).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
      expect(content.text).toMatch(
        /http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/,
      );
    });

    it('shows a client without MCP Apps the same tools and no view; the view can still be read', async () => {
      const client = await connect(era, false);
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(DEFAULT_TOOL_COUNT);
      expect(tools.filter((t) => t._meta !== undefined)).toEqual([]);
      expect(tools.map((t) => t.name)).not.toContain('task_failed_jobs');
      expect((await client.listResources()).resources).toEqual([]);
      const result = await client.callTool({ name: 'task_diagnose', arguments: { task_id: 1002 } });
      expect(result.structuredContent).toBeUndefined();
      const read = await client.readResource({ uri: URI });
      expect((read.contents[0] as { mimeType: string }).mimeType).toBe(MIME);
    });
  });

  it('passes the declaration through mcp-remote (as Claude Desktop users connect), so the views arrive', async () => {
    const remote = viaMcpRemote(mcp.mcpUrl, { token: alice, vo: 'atlas' });
    const agent = new Client({ name: 'e2e-views-via-mcp-remote', version: '1.0.0' }, { capabilities: APPS });
    try {
      await agent.connect(remote.transport);
      const { tools } = await agent.listTools();
      expect(tools.find((t) => t.name === 'task_diagnose')?._meta).toEqual({
        ui: { resourceUri: URI },
        'ui/resourceUri': URI,
      });
      const read = await agent.readResource({ uri: URI });
      expect((read.contents[0] as { mimeType: string }).mimeType).toBe(MIME);
      const result = await agent.callTool({ name: 'task_diagnose', arguments: { task_id: 1002 } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ task: { jediTaskID: 1002 }, dashboard: {} });
    } finally {
      await agent.close();
      remote.cleanup();
    }
    expect(remote.stderr()).not.toContain(alice);
  }, 60_000);

  describe('mcp_apps = always and off', () => {
    let always: RunningPandaMcp;
    let off: RunningPandaMcp;

    beforeAll(async () => {
      [always, off] = await Promise.all([
        startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_MCP_APPS: 'always' }),
        startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_MCP_APPS: 'off' }),
      ]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([always?.stop(), off?.stop()]);
    });

    it.each(['2025', '2026-07-28'] as const)(
      'always: gives a %s client that does not declare the extension (as VS Code) the views',
      async (era) => {
        const client = await connect(era, false, always.mcpUrl);
        const { tools } = await client.listTools();
        expect(tools.find((t) => t.name === 'task_diagnose')?._meta).toEqual({
          ui: { resourceUri: URI },
          'ui/resourceUri': URI,
        });
        expect(tools.find((t) => t.name === 'task_failed_jobs')?._meta).toEqual({
          ui: { visibility: ['app'] },
        });
        expect((await client.listResources()).resources.map((r) => r.uri)).toEqual([URI, SITE_URI]);
        const result = await client.callTool({ name: 'task_diagnose', arguments: { task_id: 1002 } });
        expect(result.structuredContent).toMatchObject({ task: { jediTaskID: 1002 }, dashboard: {} });
      },
      60_000,
    );

    it.each(['2025', '2026-07-28'] as const)(
      'off: gives a %s client that declares the extension no view, and reads none',
      async (era) => {
        const client = await connect(era, true, off.mcpUrl);
        const { tools } = await client.listTools();
        expect(tools).toHaveLength(DEFAULT_TOOL_COUNT);
        expect(tools.filter((t) => t._meta !== undefined)).toEqual([]);
        expect((await client.listResources()).resources).toEqual([]);
        const result = await client.callTool({ name: 'task_diagnose', arguments: { task_id: 1002 } });
        expect(result.structuredContent).toBeUndefined();
        await expect(client.readResource({ uri: URI })).rejects.toThrow(
          /ui:\/\/panda-mcp\/task-dashboard\.html: this panda-mcp serves no MCP Apps views \(mcp_apps = off\)/,
        );
      },
      60_000,
    );
  });

  const unavailable = chromiumUnavailableReason();
  if (unavailable) console.warn(`task dashboard browser test skipped: ${unavailable}`);
  (unavailable ? it.skip : it)(
    "draws task 5000 in Chromium (states, failure groups, sites, timeline) and lists a group's jobs on a click",
    async () => {
      const client = await connect('2026-07-28', true);
      const html = ((await client.readResource({ uri: URI })).contents[0] as { text: string }).text;
      const result = await client.callTool({ name: 'task_diagnose', arguments: { task_id: 5000 } });
      const data = result.structuredContent as unknown as Dashboard;
      expect(data.jobs.total).toBe(20_000);
      expect(data.dashboard.sites.rows.length).toBeGreaterThan(0);

      const viewCalls: Array<{ name: string; arguments?: Record<string, unknown> }> = [];
      const chromium = await launchChromium();
      try {
        const hosted = await hostView(chromium.browser, {
          html,
          theme: 'light',
          width: 720,
          toolInput: { task_id: 5000 },
          toolResult: result,
          callTool: async ({ name, arguments: args }) => {
            viewCalls.push({ name, arguments: args });
            return client.callTool({ name, arguments: args });
          },
        });
        const { view, page } = hosted;
        try {
          await view.waitForSelector('#groups tbody tr', { timeout: 15_000 });
        } catch (error) {
          throw new Error(`the view drew nothing: ${hosted.console.join('\n')}`, { cause: error });
        }
        // the host's own policy and script came before the view's head (as VS Code puts them), its style
        // variables reached the view, and nothing was refused
        expect(await view.evaluate(() => (window as { __hostPreamble?: boolean }).__hostPreamble)).toBe(true);
        expect(
          await view.evaluate(() =>
            getComputedStyle(document.documentElement).getPropertyValue('--color-text-primary').trim(),
          ),
        ).toBe('#111111');
        expect(hosted.console.filter((line) => /Refused to|Content Security Policy/i.test(line))).toEqual([]);
        // the state bars add up to the task's job count
        const states = await view.$$eval('#states tbody tr', (rows) =>
          rows.map((r) => ({
            state: r.getAttribute('data-state'),
            count: Number(r.getAttribute('data-count')),
          })),
        );
        expect(states.reduce((n, s) => n + s.count, 0)).toBe(20_000);
        expect(Object.fromEntries(states.map((s) => [s.state, s.count]))).toEqual(data.jobs.byStatus);
        expect(await view.textContent('#total-jobs')).toBe('20,000');
        // the failure groups are ranked bars with their counts, largest first, as the diagnosis has them
        const bars = await view.$$eval('#groups tbody tr', (rows) =>
          rows.map((r) => ({
            group: r.getAttribute('data-group'),
            shown: r.querySelector('td .data')?.textContent,
            size: Number((r.querySelector('td') as HTMLElement).style.getPropertyValue('--size')),
          })),
        );
        const top = data.failures.groups.slice(0, 3);
        expect(bars.slice(0, 3)).toEqual(
          top.map((g, i) => ({
            group: `${g.field}:${g.code}`,
            shown: g.count.toLocaleString('en-US'),
            size: i === 0 ? 1 : expect.any(Number),
          })),
        );
        expect(bars[1].size).toBeCloseTo(top[1].count / top[0].count, 5);
        expect(await view.$$eval('#sites tbody tr', (rows) => rows.length)).toBe(
          data.dashboard.sites.rows.length,
        );
        if (data.dashboard.timeline) {
          expect(await view.$$eval('#timeline tbody tr', (rows) => rows.length)).toBe(
            data.dashboard.timeline.points.length,
          );
        }
        const firstRender = await view.evaluate(() =>
          Number(document.getElementById('view')?.dataset.rendered),
        );
        console.log(
          `task dashboard first render: ${Math.round(firstRender)} ms after the view's document started`,
        );
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, 'task-dashboard.png'), fullPage: true });

        // a click on the largest group: a tools/call through the host, and its jobs listed
        const before = await sim.callsTo('/task/get_job_descriptions');
        await view.click('#groups tbody tr:first-child th button');
        await view.waitForSelector('#group-jobs table.jobs tbody tr', { timeout: 15_000 });
        expect(viewCalls).toEqual([
          {
            name: 'task_failed_jobs',
            arguments: { task_id: 5000, error_field: top[0].field, code: top[0].code, limit: 20 },
          },
        ]);
        expect(await sim.callsTo('/task/get_job_descriptions')).toBeGreaterThan(before);
        const listed = await view.$$eval('#group-jobs table.jobs tbody tr', (rows) =>
          rows.map((r) => r.getAttribute('data-panda-id')),
        );
        expect(listed.length).toBe(Math.min(20, top[0].count));
        expect(listed.every((id) => /^\d+$/.test(id ?? ''))).toBe(true);
        expect(await view.getAttribute('#group-jobs table.jobs', 'data-group')).toBe(
          `${top[0].field}:${top[0].code}`,
        );
        await page.screenshot({ path: path.join(ARTIFACTS, 'task-dashboard-jobs.png'), fullPage: true });
        expect(hosted.console.filter((line) => line.startsWith('pageerror'))).toEqual([]);
      } finally {
        await chromium.close();
      }
    },
    120_000,
  );

  (unavailable ? it.skip : it)(
    'says so when the host cancels the call instead of handing over a result',
    async () => {
      const client = await connect('2026-07-28', true);
      const html = ((await client.readResource({ uri: URI })).contents[0] as { text: string }).text;
      const chromium = await launchChromium();
      try {
        const { view } = await hostView(chromium.browser, {
          html,
          theme: 'light',
          width: 720,
          toolInput: { task_id: 5000 },
          toolResult: undefined,
          toolCancelled: 'user action',
          callTool: ({ name, arguments: args }) => client.callTool({ name, arguments: args }),
        });
        await view.waitForSelector('#view p.note', { timeout: 15_000 });
        expect(await view.textContent('#view')).toBe(
          'The tool call was cancelled: user action; there is nothing to draw.',
        );
      } finally {
        await chromium.close();
      }
    },
    120_000,
  );

  (unavailable ? it.skip : it)(
    'follows the host into the dark theme and stays readable 360 px wide',
    async () => {
      const client = await connect('2025', true);
      const html = ((await client.readResource({ uri: URI })).contents[0] as { text: string }).text;
      const result = await client.callTool({ name: 'task_diagnose', arguments: { task_id: 5000 } });
      const chromium = await launchChromium();
      try {
        const { view, page } = await hostView(chromium.browser, {
          html,
          theme: 'dark',
          width: 360,
          toolInput: { task_id: 5000 },
          toolResult: result,
          callTool: ({ name, arguments: args }) => client.callTool({ name, arguments: args }),
        });
        await view.waitForSelector('#groups tbody tr', { timeout: 15_000 });
        const look = await view.evaluate(() => ({
          theme: document.documentElement.getAttribute('data-theme'),
          background: getComputedStyle(document.documentElement).backgroundColor,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        }));
        expect(look.theme).toBe('dark');
        // a dark background: every channel below the middle
        const channels = (look.background.match(/\d+/g) ?? []).slice(0, 3).map(Number);
        expect(channels.every((c) => c < 128)).toBe(true);
        expect(look.overflow).toBeLessThanOrEqual(0);
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({
          path: path.join(ARTIFACTS, 'task-dashboard-dark-narrow.png'),
          fullPage: true,
        });
      } finally {
        await chromium.close();
      }
    },
    120_000,
  );

  (unavailable ? it.skip : it)(
    "draws the worst queues in Chromium and shows a queue's jobs by state on a click",
    async () => {
      const client = await connect('2026-07-28', true);
      const html = ((await client.readResource({ uri: SITE_URI })).contents[0] as { text: string }).text;
      const result = await client.callTool({ name: 'site_overview', arguments: {} });
      const data = result.structuredContent as {
        queues: Array<{ site: string; jobs: number; failedFraction?: number }>;
      };
      expect(data.queues.length).toBeGreaterThan(2);
      const viewCalls: Array<{ name: string; arguments?: Record<string, unknown> }> = [];
      const viewResults: Array<Awaited<ReturnType<typeof client.callTool>>> = [];
      let markThirdDrawn = () => undefined as void;
      const thirdDrawn = new Promise<void>((resolve) => (markThirdDrawn = resolve));
      let secondReturned = false;
      const chromium = await launchChromium();
      try {
        const {
          view,
          page,
          console: logged,
        } = await hostView(chromium.browser, {
          html,
          theme: 'light',
          width: 720,
          toolInput: {},
          toolResult: result,
          callTool: async ({ name, arguments: args }) => {
            viewCalls.push({ name, arguments: args });
            const answer = await client.callTool({ name, arguments: args });
            viewResults.push(answer);
            // the second click's answer is held back until the third's has been drawn
            if (viewCalls.length === 2) {
              await thirdDrawn;
              secondReturned = true;
            }
            return answer;
          },
        });
        try {
          await view.waitForSelector('#queues tbody tr', { timeout: 15_000 });
        } catch (error) {
          throw new Error(`the view drew nothing: ${logged.join('\n')}`, { cause: error });
        }
        const queues = await view.$$eval('#queues tbody tr', (rows) =>
          rows.map((r) => r.getAttribute('data-site')),
        );
        expect(queues).toEqual(data.queues.map((q) => q.site));
        const worst = data.queues[0];
        await view.click('#queues tbody tr:first-child th button');
        await view.waitForSelector('#queue-detail #queue-states tbody tr', { timeout: 15_000 });
        expect(viewCalls).toEqual([{ name: 'site_overview', arguments: { site: worst.site } }]);
        const counts = await view.$$eval('#queue-states tbody tr', (rows) =>
          rows.map((r) => Number(r.getAttribute('data-count'))),
        );
        // the click's own answer: an ended job may have left PanDA's 12-hour window since the first call
        const clicked = viewResults[0].structuredContent as { queue: { site: string; jobs: number } };
        expect(clicked.queue.site).toBe(worst.site);
        expect(counts.reduce((n, c) => n + c, 0)).toBe(clicked.queue.jobs);
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, 'site-dashboard.png'), fullPage: true });

        // two quick clicks whose answers come back in the other order: the older one is not drawn
        await view.evaluate(() => {
          const drawn: string[] = [];
          (window as { drawnQueues?: string[] }).drawnQueues = drawn;
          const detail = document.getElementById('queue-detail') as HTMLElement;
          new MutationObserver(() => drawn.push(detail.querySelector('h2')?.textContent ?? '')).observe(
            detail,
            { childList: true },
          );
        });
        const drawnQueues = () => view.evaluate(() => (window as { drawnQueues?: string[] }).drawnQueues);
        const [second, third] = [data.queues[1].site, data.queues[2].site];
        await view.click('#queues tbody tr:nth-child(2) th button');
        await view.click('#queues tbody tr:first-child th button');
        await until('the newer click drawn', async () => (await drawnQueues())?.length === 1, 15_000);
        markThirdDrawn();
        await until('the older answer handed back', () => secondReturned, 15_000);
        // answers reach the view in order, so once this one is drawn the older one has been handled
        await view.click('#queues tbody tr:nth-child(3) th button');
        await until('a last click drawn', async () => (await drawnQueues())?.length === 2, 15_000);
        expect(viewCalls.map((c) => c.arguments?.site)).toEqual([worst.site, second, worst.site, third]);
        expect(await drawnQueues()).toEqual([`Queue ${worst.site}`, `Queue ${third}`]);
        expect(logged.filter((line) => line.startsWith('pageerror'))).toEqual([]);
      } finally {
        await chromium.close();
      }
    },
    120_000,
  );

  it('answers task_failed_jobs for a group with a page of its jobs, and refuses half a group', async () => {
    const client = await connect2025(mcp.mcpUrl, { token: alice, vo: 'atlas' });
    clients.push(client);
    const refused = await client.callTool({
      name: 'task_failed_jobs',
      arguments: { task_id: 5000, code: 1305 },
    });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('error_field and code go together');
  });
});
