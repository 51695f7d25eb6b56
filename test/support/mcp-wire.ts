/**
 * A 2025-era MCP session spoken over plain fetch, for tests that need what an SDK client will not send:
 * raw JSON (`1e999`), chosen request ids, other callers' tokens on the same session, cancellations.
 */
export interface ToolAnswer {
  status: number;
  isError: boolean;
  text: string;
  body: any;
}

export interface McpWire {
  sessionId: string;
  /** POSTs one JSON-RPC text on the session. */
  post(body: string, headers?: Record<string, string>, signal?: AbortSignal): Promise<Response>;
  callTool(
    name: string,
    args: unknown,
    headers?: Record<string, string>,
    id?: number | string,
  ): Promise<ToolAnswer>;
  callToolRaw(name: string, argumentsJson: string, headers?: Record<string, string>): Promise<ToolAnswer>;
}

const PROTOCOL = '2025-11-25';
let nextId = 1000;

export function bearer(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export async function openWire(mcpUrl: string, headers: Record<string, string> = {}): Promise<McpWire> {
  const base = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  const init = await fetch(mcpUrl, {
    method: 'POST',
    headers: { ...base, ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'wire', version: '1' } },
    }),
  });
  if (init.status !== 200) throw new Error(`initialize answered ${init.status}: ${await init.text()}`);
  await init.text();
  const sessionId = init.headers.get('mcp-session-id')!;
  const post = (body: string, extra: Record<string, string> = headers, signal?: AbortSignal) =>
    fetch(mcpUrl, {
      method: 'POST',
      headers: { ...base, 'Mcp-Session-Id': sessionId, 'Mcp-Protocol-Version': PROTOCOL, ...extra },
      body,
      signal,
    });
  await (await post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }))).text();
  const answer = async (response: Response): Promise<ToolAnswer> => {
    const text = await response.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const result = body?.result;
    const content = (result?.content ?? []) as Array<{ text?: string }>;
    return {
      status: response.status,
      isError: result ? result.isError === true : true,
      text: result ? content.map((c) => c.text ?? '').join('\n') : text,
      body,
    };
  };
  const callToolRaw = async (
    name: string,
    argumentsJson: string,
    extra?: Record<string, string>,
    id: number | string = nextId++,
  ) =>
    answer(
      await post(
        `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":"tools/call","params":{"name":${JSON.stringify(name)},"arguments":${argumentsJson}}}`,
        extra,
      ),
    );
  return {
    sessionId,
    post,
    callToolRaw: (name, argumentsJson, extra) => callToolRaw(name, argumentsJson, extra),
    callTool: (name, args, extra, id) => callToolRaw(name, JSON.stringify(args), extra, id ?? nextId++),
  };
}
