import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_REFRESH_MARGIN_SECONDS, defaultPandaUrl, defaultTokenFile, defaultVo } from './cli.defaults';
import { CliError, describeFetchError, messageOf, UsageError } from './cli.errors';
import { buildToolArguments } from './kv-arguments.parser';
import { MCP_TRANSPORT_KINDS, McpTransportKind } from '@panda-mcp/common';
import { buildServerUrl, parsePort } from './server-url.builder';
import type { OutputFormat } from './test-client.service';

type Env = Record<string, string | undefined>;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface ServeOptions {
  host?: string;
  port?: number;
  transport?: McpTransportKind;
  /** Only check the configuration (exit 0, or 1 listing every problem); do not serve. */
  checkConfig?: boolean;
}

/** Where the PanDA token comes from and where it is renewed. */
export interface TokenOptions {
  pandaUrl: string;
  vo: string;
  tokenFile: string;
  caBundle?: string;
}

export interface ClientOptions extends TokenOptions {
  url: URL;
  transport: McpTransportKind;
  /** `--token`: used as is, instead of the token file. */
  token?: string;
  output: OutputFormat;
  timeoutMs: number;
}

export interface BridgeCommandOptions extends TokenOptions {
  url: URL;
  transport: McpTransportKind | 'auto';
  refreshMarginSeconds: number;
  logLevel: LogLevelName;
}

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * What each command does, once its flags are parsed and checked; each resolves with the exit code
 * (serve and demo: the service's, once it has stopped).
 */
export interface CommandHandlers {
  serve(options: ServeOptions): Promise<number>;
  demo(): Promise<number>;
  tools(options: ClientOptions, tool: string | undefined): Promise<number>;
  call(options: ClientOptions, tool: string, args: Record<string, unknown>): Promise<number>;
  login(options: TokenOptions): Promise<number>;
  bridge(options: BridgeCommandOptions): Promise<number>;
}

function portOption(raw: string): number {
  try {
    return parsePort(raw);
  } catch (error) {
    throw new InvalidArgumentError(messageOf(error));
  }
}

function positiveNumber(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('expected a positive number');
  return value;
}

function nonNegativeNumber(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError('expected a number >= 0');
  return value;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function addTokenOptions(command: Command, env: Env): Command {
  return command
    .option(
      '--panda-url <url>',
      'PanDA server that names the login service (env PANDA_SERVER)',
      defaultPandaUrl(env),
    )
    .option('--vo <vo>', 'virtual organisation, sent as Origin (env VO, PANDA_AUTH_VO)', defaultVo(env))
    .option(
      '--token-file <file>',
      'token file written by `panda-mcp login` (env TOKEN_FILE)',
      defaultTokenFile(env),
    )
    .option('--ca-bundle <file>', 'extra CA certificates (PEM file or folder) to trust, e.g. a grid CA');
}

function addClientOptions(command: Command, env: Env): Command {
  command
    .option('--url <url>', 'MCP URL of the service, e.g. https://pandaserver.cern.ch/mcp/')
    .addOption(
      new Option('--transport <transport>', 'MCP transport of the service')
        .choices(MCP_TRANSPORT_KINDS)
        .default('streamable-http'),
    )
    .option('--host <host>', 'service host, when no --url (default localhost)')
    .option(
      '--port <port>',
      'service port, when no --url (default PANDA_SERVER_CONF_PORT_MCP or 25888)',
      portOption,
    )
    .option('--use_http', 'plain http instead of https, when no --url')
    .option(
      '--token <token>',
      'a PanDA ID token to send instead of the token file (visible to ps; prefer login)',
    )
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--timeout <seconds>', 'give up on a request after this many seconds', positiveNumber, 60);
  return addTokenOptions(command, env);
}

interface RawClientOptions {
  pandaUrl: string;
  vo: string;
  tokenFile: string;
  caBundle?: string;
  url?: string;
  transport: McpTransportKind;
  host?: string;
  port?: number;
  use_http?: boolean;
  token?: string;
  output: OutputFormat;
  timeout: number;
}

function clientOptions(raw: RawClientOptions, env: Env): ClientOptions {
  return {
    pandaUrl: raw.pandaUrl,
    vo: raw.vo,
    tokenFile: raw.tokenFile,
    caBundle: raw.caBundle,
    url: buildServerUrl({ url: raw.url, host: raw.host, port: raw.port, useHttp: raw.use_http }, env),
    transport: raw.transport,
    token: raw.token,
    output: raw.output,
    timeoutMs: raw.timeout * 1000,
  };
}

export interface CliProgram {
  command: Command;
  /** The exit code of the command that ran. */
  exitCode(): number;
}

/** The `panda-mcp` command line: flags to typed options, then one handler per command. */
export function buildProgram(handlers: CommandHandlers, io: CliIo, env: Env, version: string): CliProgram {
  const program = new Command('panda-mcp')
    .description(
      'PanDA MCP: the service, its test client, PanDA login, and a stdio bridge that lets agents use a remote panda-mcp',
    )
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .exitOverride();
  let exitCode = 0;
  const run = (work: Promise<number>) =>
    work.then((code) => {
      exitCode = code;
    });

  program
    .command('serve')
    .description('run the panda-mcp service with the configuration of this machine (as `npm start`)')
    .option('--host <host>', 'interface to bind (PANDA_MCP_HOST)')
    .option('--port <port>', 'port (PANDA_SERVER_CONF_PORT_MCP)', portOption)
    .addOption(
      new Option('--transport <transport>', 'MCP transport (PANDA_MCP_TRANSPORT)').choices(
        MCP_TRANSPORT_KINDS,
      ),
    )
    .option(
      '--check-config',
      'load and check the configuration, API description, endpoint list and toolsets as startup would, print the tool count and warnings, and exit (0 good, 1 with every problem)',
    )
    .action((options: ServeOptions) => run(handlers.serve(options)));

  program
    .command('demo')
    .description(
      'panda-sim plus panda-mcp wired to it, with a token and a client configuration (as `npm run demo`)',
    )
    .action(() => run(handlers.demo()));

  addClientOptions(
    program
      .command('tools')
      .argument('[tool]', 'describe this tool (a bare PanDA function name works when unambiguous)')
      .description("list the service's tools, or describe one (the admin guide's test client)"),
    env,
  ).action((tool: string | undefined, raw: RawClientOptions) =>
    run(handlers.tools(clientOptions(raw, env), tool)),
  );

  addClientOptions(
    program
      .command('call')
      .argument('[tool]', 'tool to call, e.g. task_get_status, or a bare function name such as is_alive')
      .description('call a tool and print its result; exits 1 when the tool reports an error')
      .option('--tool <name>', "tool to call (as in PanDA's mcp_test_client.py)")
      .option('--kv <KEY=VAL>', 'an argument; repeatable; True/False, numbers and [..] typed', collect, [])
      .option('--json <object>', 'arguments as a JSON object; --kv entries are added on top'),
    env,
  ).action(
    (
      positional: string | undefined,
      raw: RawClientOptions & { tool?: string; kv: string[]; json?: string },
    ) => {
      if (positional && raw.tool && positional !== raw.tool) {
        throw new UsageError(`two different tools named: ${positional} and --tool ${raw.tool}`);
      }
      const tool = positional ?? raw.tool;
      if (!tool) throw new UsageError('name the tool: panda-mcp call <tool> (or --tool <tool>)');
      return run(handlers.call(clientOptions(raw, env), tool, buildToolArguments(raw.json, raw.kv)));
    },
  );

  addTokenOptions(
    program
      .command('login')
      .description(
        'log in to PanDA with the OIDC device flow and save the token (0600) for the other commands',
      ),
    env,
  ).action((options: TokenOptions) => run(handlers.login(options)));

  addTokenOptions(
    program
      .command('bridge')
      .description(
        'stdio MCP server for agents that forwards to a remote panda-mcp with a fresh PanDA token on every request',
      )
      .requiredOption('--url <url>', 'MCP URL of the remote service, e.g. https://pandaserver.cern.ch/mcp/')
      .addOption(
        new Option(
          '--transport <transport>',
          'transport of the remote service; auto tries Streamable HTTP, then SSE',
        )
          .choices(['auto', ...MCP_TRANSPORT_KINDS])
          .default('auto'),
      )
      .option(
        '--refresh-margin <seconds>',
        'refresh the token this long before it expires',
        nonNegativeNumber,
        DEFAULT_REFRESH_MARGIN_SECONDS,
      )
      .addOption(
        new Option('--log-level <level>', 'what to log on stderr (env PANDA_MCP_BRIDGE_LOG_LEVEL)')
          .choices(['debug', 'info', 'warn', 'error', 'silent'])
          .default(env.PANDA_MCP_BRIDGE_LOG_LEVEL?.trim() || 'info'),
      ),
    env,
  ).action(
    (
      raw: TokenOptions & {
        url: string;
        transport: McpTransportKind | 'auto';
        refreshMargin: number;
        logLevel: LogLevelName;
      },
    ) =>
      run(
        handlers.bridge({
          pandaUrl: raw.pandaUrl,
          vo: raw.vo,
          tokenFile: raw.tokenFile,
          caBundle: raw.caBundle,
          url: buildServerUrl({ url: raw.url }, env),
          transport: raw.transport,
          refreshMarginSeconds: raw.refreshMargin,
          logLevel: raw.logLevel,
        }),
      ),
  );

  return { command: program, exitCode: () => exitCode };
}

/**
 * Parses and runs one command line (`argv` as in process.argv) and returns its exit code. Failures are
 * one line on stderr: no stack, never a token.
 */
export async function runCli(
  argv: readonly string[],
  handlers: CommandHandlers,
  io: CliIo,
  env: Env,
  version: string,
): Promise<number> {
  const program = buildProgram(handlers, io, env, version);
  try {
    await program.command.parseAsync([...argv]);
    return program.exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end with exit code 0; anything commander refused is a usage error
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      io.stderr(`panda-mcp: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`panda-mcp: ${describeFetchError(error)}\n`);
    if (env.PANDA_MCP_DEBUG) io.stderr(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}
