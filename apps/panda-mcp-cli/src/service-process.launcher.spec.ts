import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveBundledPath } from '@panda-mcp/config';
import { CliError } from './cli.errors';
import {
  exitCodeOf,
  FORWARDED_SIGNALS,
  SERVICE_ENTRY_POINTS,
  ServiceProcessLauncher,
  serviceEnvironment,
  SignalSource,
} from './service-process.launcher';

/** Stands in for `process` as the source of signals: the test process itself is never signalled. */
class SignalsDouble extends EventEmitter implements SignalSource {
  override on(signal: NodeJS.Signals, listener: () => void) {
    return super.on(signal, listener);
  }
  override off(signal: NodeJS.Signals, listener: () => void) {
    return super.off(signal, listener);
  }
  listening(): number {
    return FORWARDED_SIGNALS.reduce((sum, signal) => sum + this.listenerCount(signal), 0);
  }
}

describe(serviceEnvironment.name, () => {
  it("turns serve's flags into the service's variables, on top of the environment", () => {
    const env = { PATH: '/bin', PANDA_MCP_HOST: '0.0.0.0', PANDA_MCP_TRANSPORT: 'streamable-http' };
    expect(serviceEnvironment({ host: '127.0.0.1', port: 0, transport: 'sse' }, env)).toEqual({
      PATH: '/bin',
      PANDA_MCP_HOST: '127.0.0.1',
      PANDA_SERVER_CONF_PORT_MCP: '0',
      PANDA_MCP_TRANSPORT: 'sse',
    });
    expect(serviceEnvironment({}, env)).toEqual(env);
  });
});

describe(exitCodeOf.name, () => {
  it("is the child's code, or 128 + the signal's number as a shell says it", () => {
    expect(exitCodeOf(3, null)).toBe(3);
    expect(exitCodeOf(null, 'SIGINT')).toBe(130);
    expect(exitCodeOf(null, 'SIGTERM')).toBe(143);
    expect(exitCodeOf(null, null)).toBe(1);
  });
});

describe(ServiceProcessLauncher.name, () => {
  let dir: string;
  let signals: SignalsDouble;

  const script = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  const launcher = (overrides: { node?: string } = {}) =>
    new ServiceProcessLauncher({
      signals,
      // the entry points' package-relative paths, found in the temp folder instead
      resolve: (relative) => path.join(dir, path.basename(relative)),
      ...overrides,
    });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-launcher-'));
    signals = new SignalsDouble();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs the service's built main.js and demo.js, found from the package root", () => {
    const sut = new ServiceProcessLauncher({ exists: () => true });
    expect(sut.entryPath('serve')).toBe(resolveBundledPath('dist/apps/panda-mcp/src/main.js'));
    expect(sut.entryPath('demo')).toBe(resolveBundledPath('dist/apps/panda-mcp/src/demo.js'));
    expect(SERVICE_ENTRY_POINTS).toEqual({
      serve: 'dist/apps/panda-mcp/src/main.js',
      demo: 'dist/apps/panda-mcp/src/demo.js',
    });
  });

  it('says how to build the service when its entry point is missing', () => {
    expect(() => launcher().entryPath('serve')).toThrow(CliError);
    expect(() => launcher().entryPath('demo')).toThrow(/not built yet .*demo\.js.*npm run build/);
  });

  it('passes the environment on and resolves with the exit code of the child', async () => {
    script('main.js', 'process.exit(process.env.ANSWER === "42" ? 3 : 9);');
    expect(await launcher().run('serve', { ANSWER: '42' })).toBe(3);
    expect(signals.listening()).toBe(0);
  });

  it.each(FORWARDED_SIGNALS)(
    'forwards %s to the child and stops forwarding once it has ended',
    async (signal) => {
      const ready = path.join(dir, 'ready');
      script(
        'demo.js',
        `process.on(${JSON.stringify(signal)}, () => process.exit(7));
       require('node:fs').writeFileSync(${JSON.stringify(ready)}, '');
       setTimeout(() => process.exit(1), 10000);`,
      );
      const done = launcher().run('demo', { PATH: process.env.PATH });
      expect(signals.listening()).toBe(FORWARDED_SIGNALS.length);
      const deadline = Date.now() + 10_000;
      while (!fs.existsSync(ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      signals.emit(signal);
      expect(await done).toBe(7);
      expect(signals.listening()).toBe(0);
    },
    15_000,
  );

  it('reports the exit code of a child that a signal ended', async () => {
    script('main.js', 'process.kill(process.pid, "SIGTERM"); setTimeout(() => {}, 10000);');
    expect(await launcher().run('serve', {})).toBe(143);
  });

  it('says so when node cannot be started', async () => {
    script('main.js', '');
    await expect(launcher({ node: path.join(dir, 'no-such-node') }).run('serve', {})).rejects.toThrow(
      /cannot start .*main\.js: spawn .*ENOENT/,
    );
    expect(signals.listening()).toBe(0);
  });
});
