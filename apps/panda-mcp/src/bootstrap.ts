import 'reflect-metadata';
import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadPandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { AppModule } from './app.module';

export interface RunningPandaMcp {
  app: INestApplication;
  config: PandaMcpConfig;
  /** e.g. http://127.0.0.1:25888/mcp/ */
  mcpUrl: string;
  close(): Promise<void>;
}

const LOG_LEVELS: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Loads and validates the config, builds the registry, and listens. Throws on any startup problem. */
export async function startPandaMcp(
  env: NodeJS.ProcessEnv = process.env,
  options: { handleSignals?: boolean } = {},
): Promise<RunningPandaMcp> {
  const { config, warnings, notes } = loadPandaMcpConfig({ env });
  const logger = new Logger('panda-mcp');
  const tls =
    config.sslKeyfile && config.sslCertfile
      ? { key: fs.readFileSync(config.sslKeyfile), cert: fs.readFileSync(config.sslCertfile) }
      : undefined;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    // MCP routes read and limit their own bodies (413, -32700, depth and prototype checks).
    bodyParser: false,
    httpsOptions: tls,
    logger: LOG_LEVELS[(env.LOG_LEVEL ?? 'info').toLowerCase()] ?? LOG_LEVELS.info,
  });
  app.disable('x-powered-by');
  // The demo stops its own children first, so it handles signals itself.
  if (options.handleSignals !== false) app.enableShutdownHooks();
  for (const warning of warnings) logger.warn(warning);
  for (const note of notes) logger.log(note);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const mcpUrl = `${tls ? 'https' : 'http'}://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}/mcp/`;
  return { app, config, mcpUrl, close: () => app.close() };
}
