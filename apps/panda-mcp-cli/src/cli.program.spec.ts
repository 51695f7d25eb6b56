import {
  BridgeCommandOptions,
  ClientOptions,
  CommandHandlers,
  runCli,
  ServeOptions,
  TokenOptions,
} from './cli.program';
import { CliError } from './cli.errors';

/** Records what each command was asked to do; answers with a configurable exit code. */
class HandlersDouble implements CommandHandlers {
  readonly calls: Array<{ command: string; args: unknown[] }> = [];
  exitCode = 0;
  failure?: Error;

  private record(command: string, ...args: unknown[]): Promise<number> {
    this.calls.push({ command, args });
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(this.exitCode);
  }

  serve(options: ServeOptions) {
    return this.record('serve', options);
  }
  demo() {
    return this.record('demo');
  }
  tools(options: ClientOptions, tool: string | undefined) {
    return this.record('tools', options, tool);
  }
  call(options: ClientOptions, tool: string, args: Record<string, unknown>) {
    return this.record('call', options, tool, args);
  }
  login(options: TokenOptions) {
    return this.record('login', options);
  }
  bridge(options: BridgeCommandOptions) {
    return this.record('bridge', options);
  }
}

describe(runCli.name, () => {
  const env = { HOME: '/home/u' };
  let handlers: HandlersDouble;
  let out: string;
  let err: string;

  const run = (...args: string[]) =>
    runCli(
      ['node', 'panda-mcp', ...args],
      handlers,
      { stdout: (t) => (out += t), stderr: (t) => (err += t) },
      env,
      '1.2.3',
    );

  beforeEach(() => {
    handlers = new HandlersDouble();
    out = '';
    err = '';
  });

  it("maps PanDA's test-client flags onto a call", async () => {
    const code = await run(
      'call',
      '--host',
      'panda.example',
      '--port',
      '443',
      '--tool',
      'is_alive',
      '--kv',
      'task_id=1001',
      '--kv',
      'soft=True',
      '--json',
      '{"x": "y"}',
      '--vo',
      'atlas',
      '--output',
      'json',
    );
    expect(code).toBe(0);
    const [{ command, args }] = handlers.calls;
    expect(command).toBe('call');
    const [options, tool, toolArgs] = args as [ClientOptions, string, Record<string, unknown>];
    expect(tool).toBe('is_alive');
    expect(toolArgs).toEqual({ x: 'y', task_id: 1001, soft: true });
    expect(options).toMatchObject({
      transport: 'streamable-http',
      vo: 'atlas',
      output: 'json',
      timeoutMs: 60_000,
      tokenFile: '/home/u/.panda_id_token',
      pandaUrl: 'https://pandaserver.cern.ch:25443',
    });
    expect(options.url.href).toBe('https://panda.example/mcp/');
  });

  it('takes defaults from the environment PanDA users already set', async () => {
    const withEnv = { PANDA_SERVER: 'https://panda.example', VO: 'sphenix', TOKEN_FILE: '/t/token' };
    await runCli(
      ['node', 'panda-mcp', 'login'],
      handlers,
      { stdout: () => {}, stderr: () => {} },
      withEnv,
      '1',
    );
    expect(handlers.calls[0].args[0]).toEqual({
      pandaUrl: 'https://panda.example',
      vo: 'sphenix',
      tokenFile: '/t/token',
    });
  });

  it('passes the tool to `tools` and the bridge settings to `bridge`', async () => {
    await run('tools', 'task_get_status', '--url', 'http://127.0.0.1:9/mcp/', '--transport', 'sse');
    expect(handlers.calls[0]).toMatchObject({
      command: 'tools',
      args: [expect.objectContaining({ transport: 'sse' }), 'task_get_status'],
    });
    await run(
      'bridge',
      '--url',
      'https://panda.example/mcp/',
      '--refresh-margin',
      '5',
      '--log-level',
      'debug',
    );
    expect(handlers.calls[1].args[0]).toMatchObject({
      transport: 'auto',
      refreshMarginSeconds: 5,
      logLevel: 'debug',
      vo: 'atlas',
    });
    expect((handlers.calls[1].args[0] as BridgeCommandOptions).url.href).toBe('https://panda.example/mcp/');
  });

  it("returns the handler exit code, for serve and demo the service's", async () => {
    handlers.exitCode = 1;
    expect(await run('call', 'task_kill', '--kv', 'task_id=1')).toBe(1);
    handlers.exitCode = 130;
    expect(await run('serve', '--port', '26000', '--transport', 'sse')).toBe(130);
    expect(handlers.calls[1].args[0]).toEqual({ port: 26000, transport: 'sse' });
    expect(await run('demo')).toBe(130);
    expect(handlers.calls[2]).toEqual({ command: 'demo', args: [] });
  });

  it.each([
    [['call'], 'name the tool'],
    [['call', 'a', '--tool', 'b'], 'two different tools'],
    [['call', 'x', '--kv', 'novalue'], '--kv expects KEY=VAL'],
    [['call', 'x', '--url', 'https://a/mcp/', '--port', '1'], '--url already names the server'],
    [['call', 'x', '--port', '99999'], 'port number'],
    [['call', 'x', '--transport', 'websocket'], 'Allowed choices'],
    [['bridge'], "required option '--url <url>'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('exits 2 for the usage error in %j', async (args, message) => {
    expect(await run(...args)).toBe(2);
    expect(err).toContain(message);
    expect(handlers.calls).toEqual([]);
  });

  it('prints help and the version with exit code 0', async () => {
    expect(await run('--version')).toBe(0);
    expect(out).toBe('1.2.3\n');
    expect(await run('bridge', '--help')).toBe(0);
    expect(out).toContain('--refresh-margin <seconds>');
  });

  it('reports a failing command in one line with its exit code', async () => {
    handlers.failure = new CliError('the login was denied');
    expect(await run('login')).toBe(1);
    expect(err).toBe('panda-mcp: the login was denied\n');
    handlers.failure = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(await run('tools')).toBe(1);
    expect(err).toContain('panda-mcp: fetch failed: ECONNREFUSED\n');
  });
});
