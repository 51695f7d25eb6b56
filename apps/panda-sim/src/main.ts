import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadSimConfig } from './config/sim.config';
import { ensureTlsMaterial } from './http/tls.util';
import { writeIssuerFile } from './identity/issuer-file.store';
import { loadOrCreateSigningKey } from './identity/signing-key.store';
import { PandaSimModule } from './panda-sim.module';

/** Starts panda-sim: a test and demo double of PanDA's REST API v1 and its OIDC login. */
async function bootstrap(): Promise<void> {
  const config = loadSimConfig();
  if (!fs.existsSync(config.apiSpecFile)) {
    throw new Error(`panda-sim: API description not found at ${config.apiSpecFile} (set PANDA_SIM_API_SPEC)`);
  }
  const key = loadOrCreateSigningKey(config.stateDir);
  const tls = config.tls ? await ensureTlsMaterial(config.stateDir, config.host) : undefined;
  const app = await NestFactory.create(PandaSimModule.forRoot(config, key), {
    // bodies are parsed by the sim itself: PanDA's answers depend on the raw Content-Type and JSON text
    bodyParser: false,
    logger: ['error', 'warn'],
    // a startup failure (say, a missing API description) is reported below, not by abort()
    abortOnError: false,
    httpsOptions: tls ? { key: tls.key, cert: tls.cert } : undefined,
  });
  app.enableShutdownHooks();
  // PanDA's httpd does not announce Express; neither should its stand-in
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  await app.listen(config.port, config.host);

  const address = app.getHttpServer().address() as AddressInfo;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  // OIDC clients (openid-client among them) expect the issuer to be the provider's own URL; the port is
  // known only now. Set before the ready line, so nobody can have asked for a token yet.
  config.issuer ||= url;
  writeIssuerFile(config.stateDir, config.issuer);
  const out = process.stdout;
  out.write(
    'panda-sim: a test and demo double of the PanDA server (REST API v1 + OIDC login), not a PanDA replacement\n',
  );
  out.write(`panda-sim: issuer ${config.issuer}, client ${config.clientId}, state ${config.stateDir}\n`);
  if (tls) out.write(`panda-sim CA certificate: ${tls.caFile}\n`);
  out.write(`panda-sim listening on ${url}\n`);
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message.startsWith('panda-sim') ? message : `panda-sim: ${message}`}\n`);
  process.exit(1);
});
