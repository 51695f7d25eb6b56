import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing } from '@panda-mcp/common';
import { loadPandaMcpConfig, PandaMcpConfig, pandaMcpVersion } from '@panda-mcp/config';
import { SessionRegistry } from '@panda-mcp/mcp-transport';
import {
  LifecycleService,
  MetricsService,
  PinoLoggerService,
  UpstreamProbeService,
} from '@panda-mcp/operations';
import { AppModule } from './app.module';
import { ExpressHttpAdapter } from './express-http.adapter';
import { createServiceLogger } from './logging';

export interface RunningPandaMcp {
  app: INestApplication;
  config: PandaMcpConfig;
  /** e.g. http://127.0.0.1:25888/mcp/ */
  mcpUrl: string;
  /** The metrics URL when metrics_port is set. */
  metricsUrl?: string;
  /** Graceful stop: not ready at once, no new sessions, in-flight calls finish (bounded), then close. */
  shutdown(reason: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Node's HTTP timeouts, chosen not to race a reverse proxy: the keep-alive timeout is longer than the
 * proxy's reuse window (Apache's default KeepAliveTimeout is 5 s, ProxyPass keepalive reuse up to 60 s),
 * and headersTimeout must exceed keepAliveTimeout or Node may cut a reused connection mid-request.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;

function tuneServer(server: http.Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  // Requests themselves are small; long-lived SSE responses are not limited by requestTimeout.
  server.requestTimeout = 120_000;
}

function urlOf(server: http.Server, scheme: string, path: string): string {
  const address = server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${shown}:${address.port}${path}`;
}

/** Loads and validates the config, builds the registry, and listens. Throws on any startup problem. */
export async function startPandaMcp(
  env: NodeJS.ProcessEnv = process.env,
  options: { handleSignals?: boolean } = {},
): Promise<RunningPandaMcp> {
  const { config, warnings, notes } = loadPandaMcpConfig({ env });
  // before Nest: the tracer provider must be registered when the first request arrives (off by default)
  const stopTracing = startTracing(env, pandaMcpVersion());
  const tls =
    config.sslKeyfile && config.sslCertfile
      ? { key: fs.readFileSync(config.sslKeyfile), cert: fs.readFileSync(config.sslCertfile) }
      : undefined;
  const pino = createServiceLogger(env);
  const logger = new PinoLoggerService(pino);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forConfig(config, pino),
    new ExpressHttpAdapter(),
    {
      // MCP routes read and limit their bodies in McpBodyMiddleware (413, -32700, depth and prototype checks).
      bodyParser: false,
      httpsOptions: tls,
      logger,
    },
  );
  app.disable('x-powered-by');
  for (const warning of warnings) logger.warn(warning, 'config');
  for (const note of notes) logger.log(note, 'config');

  const lifecycle = app.get(LifecycleService);
  const sessions = app.get(SessionRegistry);
  await app.listen(config.port, config.host);
  const server = app.getHttpServer() as http.Server;
  tuneServer(server);

  let metricsServer: http.Server | undefined;
  if (config.metricsPort !== undefined) {
    const metrics = app.get(MetricsService);
    metricsServer = http.createServer((req, res) => {
      if ((req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('only /metrics is served on this port\n');
        return;
      }
      void metrics.scrape(res);
    });
    await new Promise<void>((resolve) => metricsServer!.listen(config.metricsPort, config.host, resolve));
  }
  lifecycle.markListening();
  app.get(UpstreamProbeService).start();

  let stopping: Promise<void> | undefined;
  const close = async () => {
    // Connections still open after the sessions closed (e.g. a client that never reads) must not hold
    // the process: cut them after a short grace.
    const cut = setTimeout(() => server.closeAllConnections(), 3_000);
    cut.unref();
    await app.close();
    clearTimeout(cut);
    await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
    // the last spans go out before the process ends
    await stopTracing().catch(() => undefined);
  };
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      lifecycle.startDraining();
      sessions.stopAccepting();
      // kept-alive connections with nothing running would carry a proxy's next request here: close them
      // (those busy now close after their answer: DrainingConnectionMiddleware)
      server.closeIdleConnections();
      logger.log({ msg: 'draining', reason, inFlightCalls: lifecycle.inFlightCallCount }, 'lifecycle');
      const idle = await lifecycle.waitForIdle(config.shutdownTimeout * 1000);
      if (!idle)
        logger.warn(
          { msg: 'shutdown_timeout reached; abandoning calls', inFlightCalls: lifecycle.inFlightCallCount },
          'lifecycle',
        );
      await close();
      logger.log({ msg: 'stopped' }, 'lifecycle');
    })();
    return stopping;
  };
  if (options.handleSignals !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        // A stuck close must not keep the pod alive past its grace period.
        setTimeout(() => process.exit(0), config.shutdownTimeout * 1000 + 5_000).unref();
        void shutdown(signal).then(() => process.exit(0));
      });
    }
  }
  return {
    app,
    config,
    mcpUrl: urlOf(server, tls ? 'https' : 'http', '/mcp/'),
    metricsUrl: metricsServer ? urlOf(metricsServer, 'http', '/metrics') : undefined,
    shutdown,
    close,
  };
}

/** The one stable line scripts and tests wait for, always printed (whatever LOG_LEVEL) as a JSON log line. */
export function readyLine(mcpUrl: string, config: PandaMcpConfig): string {
  const line = {
    level: 'info',
    time: new Date().toISOString(),
    service: 'panda-mcp',
    msg: `panda-mcp listening on ${mcpUrl}`,
    transport: config.transport,
    upstream: config.pandaApiUrl,
  };
  return `${JSON.stringify(line)}\n`;
}
