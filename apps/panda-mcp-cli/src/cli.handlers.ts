import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type {
  BridgeCommandOptions,
  ClientOptions,
  CliIo,
  CommandHandlers,
  ServeOptions,
  TokenOptions,
} from './cli.program';
import { loginCommandFor } from './cli.defaults';
import { CredentialsProvider } from './credentials.provider';
import { DeviceLoginService } from './device-login.service';
import { createHttpFetch } from './http-fetch.factory';
import { McpBridge } from './mcp-bridge.service';
import { McpTarget, SdkMcpConnector } from './mcp-connection.connector';
import { OidcProviderResolver } from './oidc-provider.resolver';
import { OidcTokenRefresher } from './oidc-token.refresher';
import { OpenIdClientFactory } from './openid-client.adapter';
import { withPandaCredentials } from './panda-credentials.fetch';
import { SdkRemoteChannelFactory } from './remote-channel.factory';
import { ServiceProcessLauncher, serviceEnvironment } from './service-process.launcher';
import { createStderrLogger } from './stderr.logger';
import { TestClientService } from './test-client.service';
import { FileTokenStore } from './token.store';
import { assertSecureOrLoopback, isLoopbackUrl } from './url-security.util';

type Env = Record<string, string | undefined>;

/** A token from the command line wins; else the token file (refreshed when due); else none. */
async function tokenFor(options: ClientOptions, env: Env, io: CliIo): Promise<string | undefined> {
  if (options.token) return options.token;
  const store = new FileTokenStore(options.tokenFile);
  if (store.read() === undefined) {
    io.stderr(`panda-mcp: no --token and no token file at ${options.tokenFile}; calling without a token\n`);
    return undefined;
  }
  const fetch = createHttpFetch({ caBundle: options.caBundle });
  const credentials = new CredentialsProvider(
    store,
    new OidcTokenRefresher(
      new OidcProviderResolver(fetch, new OpenIdClientFactory()),
      options.pandaUrl,
      options.vo,
    ),
    // one command: a token with a minute left is enough
    { marginSeconds: 60, loginCommand: loginCommandFor(options, env) },
  );
  return credentials.current();
}

async function clientTarget(options: ClientOptions, env: Env, io: CliIo): Promise<McpTarget> {
  const token = await tokenFor(options, env, io);
  if (token && options.url.protocol === 'http:' && !isLoopbackUrl(options.url)) {
    io.stderr(`panda-mcp: warning: sending the token over plain http to ${options.url.host}\n`);
  }
  return {
    url: options.url,
    transport: options.transport,
    fetch: withPandaCredentials(createHttpFetch({ caBundle: options.caBundle }), () => token, options.vo),
    timeoutMs: options.timeoutMs,
  };
}

/** The real commands, wired to the services. */
export function createHandlers(
  env: Env,
  io: CliIo,
  version: string,
  launcher = new ServiceProcessLauncher(),
): CommandHandlers {
  const clientIo = {
    out: (text: string) => io.stdout(`${text}\n`),
    err: (text: string) => io.stderr(`${text}\n`),
  };
  return {
    // the service's own entry points, as child processes: the CLI never loads the service's code
    serve: (options: ServeOptions) => launcher.run('serve', serviceEnvironment(options, env)),

    demo: () => launcher.run('demo', env),

    async tools(options: ClientOptions, tool: string | undefined) {
      const service = new TestClientService(new SdkMcpConnector(version), clientIo);
      return service.tools(await clientTarget(options, env, io), options.output, tool);
    },

    async call(options: ClientOptions, tool: string, args: Record<string, unknown>) {
      const service = new TestClientService(new SdkMcpConnector(version), clientIo);
      return service.call(await clientTarget(options, env, io), options.output, tool, args);
    },

    async login(options: TokenOptions) {
      const fetch = createHttpFetch({ caBundle: options.caBundle });
      const login = new DeviceLoginService({
        provider: new OidcProviderResolver(fetch, new OpenIdClientFactory()),
        store: new FileTokenStore(options.tokenFile),
        print: (line) => io.stdout(`${line}\n`),
      });
      await login.login({ pandaUrl: options.pandaUrl, vo: options.vo });
      return 0;
    },

    async bridge(options: BridgeCommandOptions) {
      // the token goes with every request: never over plain http to another machine
      assertSecureOrLoopback(options.url, 'MCP server');
      const log = createStderrLogger(options.logLevel);
      const loginCommand = loginCommandFor(options, env);
      const fetch = createHttpFetch({ caBundle: options.caBundle });
      const credentials = new CredentialsProvider(
        new FileTokenStore(options.tokenFile),
        new OidcTokenRefresher(
          new OidcProviderResolver(fetch, new OpenIdClientFactory()),
          options.pandaUrl,
          options.vo,
        ),
        { marginSeconds: options.refreshMarginSeconds, loginCommand, log },
      );
      const remotes = new SdkRemoteChannelFactory(
        options.url,
        withPandaCredentials(fetch, () => credentials.peek(), options.vo),
      );
      const bridge = new McpBridge(new StdioServerTransport(), remotes, credentials, {
        transport: options.transport,
        remoteUrl: options.url.href,
        loginCommand,
        log,
      });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void bridge.close());
      await bridge.start();
      log(
        'info',
        `bridging stdio to ${options.url.href} (VO ${options.vo}, token file ${options.tokenFile}, ` +
          `refresh ${options.refreshMarginSeconds} s before expiry)`,
      );
      await bridge.done();
      log('info', 'the agent closed the connection; bye');
      return 0;
    },
  };
}
