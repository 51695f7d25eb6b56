import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { LoginRequiredError } from './cli.errors';
import type { McpTransportKind } from '@panda-mcp/common';
import { McpBridge } from './mcp-bridge.service';
import {
  ChannelDouble,
  CredentialsDouble,
  httpError,
  logDouble,
  RemoteFactoryDouble,
} from './testing/cli-test.doubles';

const LOGIN = 'panda-mcp login --vo atlas';

const initialize: JSONRPCMessage = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'agent', version: '1' } },
};
const initialized: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/initialized' };
const toolCall = (id: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'task_get_status', arguments: { task_id: 1001 } },
});
const toolResult = (id: number | string, text: string, isError = false): JSONRPCMessage => ({
  jsonrpc: '2.0',
  id,
  result: { content: [{ type: 'text', text }], ...(isError ? { isError: true } : {}) },
});

/** A panda-mcp stand-in: answers initialize and tool calls through the channel, as the SDK transports do. */
function behaveAsServer(channel: ChannelDouble, toolText = 'running'): void {
  channel.onSend = (message, self) => {
    const request = message as { id?: number | string; method?: string };
    if (request.id === undefined || !request.method) return;
    if (request.method === 'initialize') {
      self.deliver({
        jsonrpc: '2.0',
        id: request.id,
        result: {
          protocolVersion: '2025-06-18',
          capabilities: { tools: {} },
          serverInfo: { name: 'panda-mcp', version: '0' },
        },
      });
    } else self.deliver(toolResult(request.id, toolText));
  };
}

async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe(McpBridge.name, () => {
  let agent: ChannelDouble;
  let logs: ReturnType<typeof logDouble>;

  function bridgeWith(
    configure: (channel: ChannelDouble, kind: McpTransportKind, index: number) => void,
    credentials = new CredentialsDouble(['token-1', 'token-2']),
    transport: 'auto' | McpTransportKind = 'auto',
  ) {
    const remotes = new RemoteFactoryDouble(configure);
    const sut = new McpBridge(agent, remotes, credentials, {
      transport,
      remoteUrl: 'https://panda.example/mcp/',
      loginCommand: LOGIN,
      log: logs.log,
      handshakeTimeoutMs: 1_000,
    });
    return { sut, remotes, credentials };
  }

  /** The agent's handshake, answered. */
  async function handshake(sut: McpBridge): Promise<void> {
    await sut.start();
    agent.deliver(initialize);
    await until(() => agent.sent.length === 1, 'initialize answer');
    agent.deliver(initialized);
  }

  beforeEach(() => {
    agent = new ChannelDouble();
    logs = logDouble();
  });

  it('forwards messages both ways unchanged and sets the negotiated protocol version', async () => {
    const { sut, remotes } = bridgeWith((channel) => behaveAsServer(channel));
    await handshake(sut);
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'tool result');

    const [{ kind, channel }] = remotes.opened;
    expect(kind).toBe('streamable-http');
    expect(channel.sent).toEqual([initialize, initialized, toolCall(2)]);
    expect(channel.protocolVersion).toBe('2025-06-18');
    expect(agent.sent[1]).toEqual(toolResult(2, 'running'));
  });

  it('starts a new session after a 404, replaying the handshake, then retries the message', async () => {
    const { sut, remotes } = bridgeWith((channel, _kind, index) => {
      behaveAsServer(channel);
      if (index === 0) {
        const serve = channel.onSend;
        // the service restarted: it no longer knows the session
        channel.onSend = (message, self) =>
          (message as { method?: string }).method === 'tools/call'
            ? Promise.reject(httpError(404))
            : serve(message, self);
      }
    });
    await handshake(sut);
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'tool result');

    expect(remotes.opened).toHaveLength(2);
    const [stale, fresh] = remotes.opened.map((o) => o.channel);
    expect(stale.closed).toBe(true);
    expect(fresh.sent).toEqual([
      { ...initialize, id: 'panda-mcp-bridge:initialize:1' },
      initialized,
      toolCall(2),
    ]);
    expect(fresh.protocolVersion).toBe('2025-06-18');
    // the replayed handshake's answer stays inside the bridge
    expect(agent.sent).toEqual([expect.objectContaining({ id: 1 }), toolResult(2, 'running')]);
    expect(logs.lines.map((l) => l.message)).toContain('new MCP session started');
  });

  it('refreshes the token once after a 401 and retries on the same session', async () => {
    let refusals = 1;
    const { sut, remotes, credentials } = bridgeWith((channel) => {
      behaveAsServer(channel);
      const serve = channel.onSend;
      channel.onSend = (message, self) =>
        (message as { method?: string }).method === 'tools/call' && refusals-- > 0
          ? Promise.reject(httpError(401))
          : serve(message, self);
    });
    await handshake(sut);
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'tool result');

    expect(credentials.forced).toEqual(['token-1']);
    expect(remotes.opened).toHaveLength(1);
    expect(
      remotes.opened[0].channel.sent.filter((m) => (m as { method?: string }).method === 'tools/call'),
    ).toHaveLength(2);
    expect(agent.sent[1]).toEqual(toolResult(2, 'running'));
  });

  it('answers a tool call with "log in" when the refresh after a 403 is refused', async () => {
    const loginNeeded = new LoginRequiredError(
      'the identity provider refused to refresh the token (invalid_grant)',
      LOGIN,
    );
    const { sut } = bridgeWith(
      (channel) => {
        behaveAsServer(channel);
        const serve = channel.onSend;
        channel.onSend = (message, self) =>
          (message as { method?: string }).method === 'tools/call'
            ? Promise.reject(httpError(403))
            : serve(message, self);
      },
      new CredentialsDouble(['token-1'], { refresh: loginNeeded }),
    );
    await handshake(sut);
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'tool result');

    expect(agent.sent[1]).toEqual(toolResult(2, loginNeeded.message, true));
    expect(loginNeeded.message).toContain(`Run \`${LOGIN}\``);
  });

  it('gives up after one refresh when the server keeps refusing, saying what to do', async () => {
    const { sut, credentials } = bridgeWith((channel) => {
      behaveAsServer(channel);
      const serve = channel.onSend;
      channel.onSend = (message, self) =>
        (message as { method?: string }).method === 'tools/call'
          ? Promise.reject(httpError(403, 'Forbidden'))
          : serve(message, self);
    });
    await handshake(sut);
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'error');

    expect(credentials.forced).toHaveLength(1);
    expect(agent.sent[1]).toMatchObject({ id: 2, error: { code: -32000 } });
    expect((agent.sent[1] as { error: { message: string } }).error.message).toMatch(
      /HTTP 403.*panda-mcp login/,
    );
  });

  it('without a token: lets the handshake through, and answers tool calls with "log in"', async () => {
    const loginNeeded = new LoginRequiredError('no saved token (/home/u/.panda_id_token)', LOGIN);
    const { sut, remotes } = bridgeWith(
      (channel) => behaveAsServer(channel),
      new CredentialsDouble([], { current: loginNeeded }),
    );
    await handshake(sut);
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'tool result');

    expect(agent.sent[0]).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18' } });
    expect(agent.sent[1]).toEqual(toolResult(2, loginNeeded.message, true));
    expect(remotes.opened[0].channel.sent).toEqual([initialize, initialized]);
  });

  it("repeats a call once when PanDA refused the token (the service's tool error), with a fresh token", async () => {
    let first = true;
    const { sut, credentials } = bridgeWith((channel) => {
      behaveAsServer(channel);
      const serve = channel.onSend;
      channel.onSend = (message, self) => {
        const request = message as { id?: number; method?: string };
        if (request.method === 'tools/call' && first) {
          first = false;
          self.deliver(
            toolResult(
              request.id!,
              'PanDA answered HTTP 403 for task_get_status (u): ERROR : Token authentication failed. Invalid token. Signature has expired',
              true,
            ),
          );
          return;
        }
        return serve(message, self);
      };
    });
    await handshake(sut);
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'tool result');

    expect(credentials.forced).toEqual(['token-1']);
    expect(agent.sent[1]).toEqual(toolResult(2, 'running'));
  });

  it('falls back to SSE when Streamable HTTP is refused at initialize', async () => {
    const { sut, remotes } = bridgeWith((channel, kind) => {
      if (kind === 'streamable-http') channel.onSend = () => Promise.reject(httpError(405));
      else behaveAsServer(channel);
    });
    await handshake(sut);
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'tool result');

    expect(remotes.opened.map((o) => o.kind)).toEqual(['streamable-http', 'sse']);
    expect(remotes.opened[0].channel.closed).toBe(true);
    expect(remotes.opened[1].channel.sent).toEqual([initialize, initialized, toolCall(2)]);
  });

  it('replays the handshake on a new connection when the old one closed (a lost SSE stream)', async () => {
    const { sut, remotes } = bridgeWith((channel) => behaveAsServer(channel), undefined, 'sse');
    await handshake(sut);
    await remotes.opened[0].channel.close();
    agent.deliver(toolCall(2));
    await until(() => agent.sent.length === 2, 'tool result');

    expect(remotes.opened.map((o) => o.kind)).toEqual(['sse', 'sse']);
    expect(remotes.opened[1].channel.sent.map((m) => (m as { method?: string }).method)).toEqual([
      'initialize',
      'notifications/initialized',
      'tools/call',
    ]);
  });

  it('answers a request it cannot deliver with a JSON-RPC error naming the server', async () => {
    const { sut } = bridgeWith((channel) => {
      channel.onSend = () =>
        Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    });
    await sut.start();
    agent.deliver(initialize);
    await until(() => agent.sent.length === 1, 'error');
    expect(agent.sent[0]).toMatchObject({ id: 1, error: { code: -32000 } });
    expect((agent.sent[0] as { error: { message: string } }).error.message).toBe(
      'cannot reach the MCP server at https://panda.example/mcp/: fetch failed: ECONNREFUSED',
    );
  });

  it('closes the remote session when the agent leaves', async () => {
    const { sut, remotes } = bridgeWith((channel) => behaveAsServer(channel));
    await handshake(sut);
    await agent.close();
    await sut.done();
    expect(remotes.opened[0].channel).toMatchObject({ terminated: true, closed: true });
  });
});
