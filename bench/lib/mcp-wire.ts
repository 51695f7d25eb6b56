import * as http from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { request } from './http';

export const SESSION_PROTOCOL_VERSION = '2025-11-25';
export const STATELESS_PROTOCOL_VERSION = '2026-07-28';

let lastId = 0;

/** JSON-RPC ids are unique across the whole bench run. */
export function nextRpcId(): number {
  return ++lastId;
}

/** A request body whose id is filled in per request without re-serialising the rest. */
export interface BodyTemplate {
  prefix: string;
  suffix: string;
}

const ID_MARK = '"__bench_id__"';

export function templateOf(message: Record<string, unknown>): BodyTemplate {
  const text = JSON.stringify({ ...message, id: '__bench_id__' });
  const at = text.indexOf(ID_MARK);
  return { prefix: text.slice(0, at), suffix: text.slice(at + ID_MARK.length) };
}

export function fill(template: BodyTemplate): string {
  return template.prefix + String(nextRpcId()) + template.suffix;
}

export const POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

export interface Session {
  id: string;
  /** Headers every request of this session carries. */
  headers: Record<string, string>;
}

/** The headers of a 2025-era request after an initialize that opened no session (session_mode = stateless). */
export function statelessLegacyHeaders(): Record<string, string> {
  return { ...POST_HEADERS, 'mcp-protocol-version': SESSION_PROTOCOL_VERSION };
}

/**
 * Opens a 2025-era session the way the official clients do: initialize, then notifications/initialized.
 * (No GET stream: an idle agent session in this bench holds no open connection.)
 */
export async function openSession(mcpUrl: string, agent: http.Agent, clientName = 'bench'): Promise<Session> {
  const init = await request(mcpUrl, {
    method: 'POST',
    agent,
    headers: POST_HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: nextRpcId(),
      method: 'initialize',
      params: {
        protocolVersion: SESSION_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: clientName, version: '1.0.0' },
      },
    }),
  });
  const id = init.headers['mcp-session-id'];
  if (init.status !== 200 || typeof id !== 'string') {
    throw new Error(`initialize at ${mcpUrl} answered ${init.status}: ${init.body.slice(0, 300)}`);
  }
  const headers = {
    ...POST_HEADERS,
    'mcp-session-id': id,
    'mcp-protocol-version': SESSION_PROTOCOL_VERSION,
  };
  const initialized = await request(mcpUrl, {
    method: 'POST',
    agent,
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  if (initialized.status !== 202) {
    throw new Error(
      `notifications/initialized answered ${initialized.status}: ${initialized.body.slice(0, 300)}`,
    );
  }
  return { id, headers };
}

export function toolCallMessage(name: string, args: Record<string, unknown> = {}): Record<string, unknown> {
  return { jsonrpc: '2.0', method: 'tools/call', params: { name, arguments: args } };
}

export function toolsListMessage(): Record<string, unknown> {
  return { jsonrpc: '2.0', method: 'tools/list' };
}

/** What the official v2 client sent for one request. */
export interface CapturedRequest {
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * Runs the official v2 client pinned to 2026-07-28 against `mcpUrl` and records exactly what it sends
 * (headers and the per-request `_meta` envelope), so that the bench replays the real wire format
 * rather than a hand-written guess. Returns the captured tools/call and tools/list requests.
 */
export async function capture2026(
  mcpUrl: string,
  toolName: string,
): Promise<{ toolsCall: CapturedRequest; toolsList: CapturedRequest; all: CapturedRequest[] }> {
  const captured: CapturedRequest[] = [];
  const capturingFetch: typeof fetch = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    if (typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as Record<string, unknown>;
      captured.push({ method: String(body.method), headers, body });
    }
    return fetch(input, init);
  };
  const client = new Client(
    { name: 'panda-mcp-bench', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: STATELESS_PROTOCOL_VERSION } } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { fetch: capturingFetch }));
  try {
    const result = await client.callTool({ name: toolName, arguments: {} });
    if (result.isError) throw new Error(`2026-07-28 ${toolName} failed: ${JSON.stringify(result)}`);
    await client.listTools();
  } finally {
    await client.close();
  }
  const toolsCall = captured.find((c) => c.method === 'tools/call');
  const toolsList = captured.find((c) => c.method === 'tools/list');
  if (!toolsCall || !toolsList) throw new Error('the v2 client sent no tools/call or tools/list to capture');
  if (toolsCall.headers['mcp-protocol-version'] !== STATELESS_PROTOCOL_VERSION) {
    throw new Error(`captured tools/call is not 2026-07-28: ${JSON.stringify(toolsCall.headers)}`);
  }
  return { toolsCall, toolsList, all: captured };
}

/** A successful JSON-RPC answer that is not a tool error. */
export function isToolSuccess(body: string): boolean {
  return body.includes('"result"') && !body.includes('"isError":true');
}

/** A successful tools/list answer with exactly `count` tools. */
export function hasToolCount(count: number): (body: string) => boolean {
  return (body: string) => {
    if (!body.includes('"result"')) return false;
    let found = 0;
    for (let at = body.indexOf('"inputSchema"'); at !== -1; at = body.indexOf('"inputSchema"', at + 1))
      found++;
    return found >= count; // the endpoints, plus panda-mcp's own tools
  };
}
