import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Frame, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.PANDA_MCP_TEST_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumUnavailableReason(): string | undefined {
  return fs.existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
}

/** Headless, and quiet: this machine has no network, and Chromium's own background traffic only fails. */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  // Playwright gives the browser a new, empty profile of its own
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/** Next to this file; when it runs compiled (the bench, from dist/bench), in the sources it was run from. */
const HOST_SCRIPT = [
  path.join(__dirname, 'app-host', 'host.mjs'),
  path.join(process.cwd(), 'test', 'support', 'app-host', 'host.mjs'),
].find((file) => fs.existsSync(file)) as string;

let hostScript: string | undefined;

/** test/support/app-host/host.mjs with the extension's AppBridge, bundled for the page. */
async function hostPageScript(): Promise<string> {
  if (hostScript === undefined) {
    const built = await esbuild.build({
      entryPoints: [HOST_SCRIPT],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'error',
    });
    hostScript = built.outputFiles[0].text;
  }
  return hostScript;
}

export interface HostedView {
  page: Page;
  /** The view's document, inside the host's sandboxed iframe. */
  view: Frame;
  /** Messages the page and the view logged (errors included), for a failing test to show. */
  console: string[];
}

/**
 * Opens a host page, puts the view in its iframe and hands it a tool's input and result, as an MCP Apps
 * client does. The view's tool calls go to `callTool` (the test's own MCP client).
 */
export async function hostView(
  browser: Browser,
  options: {
    html: string;
    theme: 'light' | 'dark';
    width: number;
    toolInput: Record<string, unknown>;
    toolResult: unknown;
    /** Instead of the result, the host tells the view the call was cancelled, for this reason. */
    toolCancelled?: string;
    callTool: (params: { name: string; arguments?: Record<string, unknown> }) => Promise<unknown>;
  },
): Promise<HostedView> {
  const page = await browser.newPage({ viewport: { width: options.width + 40, height: 900 } });
  const messages: string[] = [];
  page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  await page.exposeFunction('hostCallTool', options.callTool);
  await page.setContent('<!doctype html><html><head><title>test host</title></head><body></body></html>');
  await page.addScriptTag({ content: await hostPageScript() });
  await page.evaluate(
    (start) => (window as unknown as { startHost(o: unknown): Promise<unknown> }).startHost(start),
    {
      html: options.html,
      theme: options.theme,
      width: options.width,
      toolInput: options.toolInput,
      toolResult: options.toolResult,
      toolCancelled: options.toolCancelled,
    },
  );
  const view = page.frames().find((frame) => frame !== page.mainFrame());
  if (!view) throw new Error('the host page has no view iframe');
  return { page, view, console: messages };
}
