import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { PandaConfigModule, PandaMcpConfig } from '@panda-mcp/config';
import { EndpointRegistryModule } from '@panda-mcp/endpoint-registry';
import { McpTransportModule } from '@panda-mcp/mcp-transport';
import { OperationsModule } from '@panda-mcp/operations';
import { HealthController } from './health.controller';
import { loggerParams } from './logging';
import { McpController } from './mcp.controller';
import { MetricsController } from './metrics.controller';

@Module({})
export class AppModule {
  /** The config is loaded and validated before Nest starts, so that TLS options and errors come first. */
  static forConfig(config: PandaMcpConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PandaConfigModule.forConfig(config),
        LoggerModule.forRoot(loggerParams(env)),
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
        EndpointRegistryModule,
        OperationsModule,
        McpTransportModule,
      ],
      // With metrics_port set, /metrics is served on that port instead (see bootstrap).
      controllers: [
        McpController,
        HealthController,
        ...(config.metricsPort === undefined ? [MetricsController] : []),
      ],
    };
  }
}
