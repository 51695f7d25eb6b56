import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** panda-mcp's own tools, listed after PanDA's and served whatever the toolsets (task_failed_jobs, listed
 * only to clients that draw MCP Apps views, aside). */
export const OWN_TOOL_NAMES = ['task_diagnose', 'job_diagnose', 'task_overview', 'site_overview'];

/** Tools the default configuration lists: PanDA's 59 default endpoints and panda-mcp's own tools. */
export const DEFAULT_TOOL_COUNT = 59 + OWN_TOOL_NAMES.length;

export interface Credentials {
  token?: string;
  vo?: string;
  /** Further headers sent with every request (e.g. X-MCP-Readonly). */
  headers?: Record<string, string>;
}

/**
 * A fetch that sends whatever credentials the caller holds at the moment of each request, as an agent's
 * client does when it refreshes its token inside one session.
 */
export function fetchWithCredentials(credentials: Credentials): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    if (credentials.token) headers.set('Authorization', `Bearer ${credentials.token}`);
    if (credentials.vo) headers.set('Origin', credentials.vo);
    for (const [name, value] of Object.entries(credentials.headers ?? {})) headers.set(name, value);
    return fetch(input, { ...init, headers });
  };
}

/** The text content of a tool result, joined. */
export function textOf(result: unknown): string {
  return (result as { content: Array<{ text?: string }> }).content.map((c) => c.text ?? '').join('\n');
}

/** An official v1 (2025-era) client connected over Streamable HTTP with the given credentials. */
export async function connect2025(url: string, credentials: Credentials, name = 'e2e-2025'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { fetch: fetchWithCredentials(credentials) }),
  );
  return client;
}

/** mcp-remote's stdio proxy, as Claude Desktop and Cursor users run it (`npx mcp-remote <url>`). */
const MCP_REMOTE = require.resolve('mcp-remote/dist/proxy.js');

/**
 * A stdio transport to mcp-remote in front of `url` (Streamable HTTP only, the credentials as its
 * `--header` options), for an official client to connect through. `stderr()` is what mcp-remote printed;
 * `cleanup()` removes its OAuth folder (a fresh one per use, never the user's ~/.mcp-auth).
 */
export function viaMcpRemote(
  url: string,
  credentials: { token: string; vo: string },
): { transport: StdioClientTransport; stderr(): string; cleanup(): void } {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-mcp-remote-'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      MCP_REMOTE,
      url,
      '--transport',
      'http-only',
      '--header',
      `Authorization:Bearer ${credentials.token}`,
      '--header',
      `Origin:${credentials.vo}`,
    ],
    env: { PATH: process.env.PATH ?? '', MCP_REMOTE_CONFIG_DIR: configDir },
    stderr: 'pipe',
  });
  let printed = '';
  transport.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  return {
    transport,
    stderr: () => printed,
    cleanup: () => fs.rmSync(configDir, { recursive: true, force: true }),
  };
}
