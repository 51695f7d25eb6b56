import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger as Pino } from 'pino';
import { PandaConfigModule, pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { EndpointRegistryModule } from '@panda-mcp/endpoint-registry';
import { McpBodyMiddleware, McpTransportModule } from '@panda-mcp/mcp-transport';
import {
  DrainingConnectionMiddleware,
  OperationsModule,
  RequestIdMiddleware,
  RequestLoggingMiddleware,
  SERVICE_LOGGER,
} from '@panda-mcp/operations';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { SseController } from './sse.controller';
import { StreamableHttpController } from './streamable-http.controller';

@Module({})
export class AppModule implements NestModule {
  constructor(@Inject(pandaMcpConfig.KEY) private readonly config: PandaMcpConfig) {}

  /** The config is loaded and validated before Nest starts, so that TLS options and errors come first. */
  static forConfig(config: PandaMcpConfig, logger: Pino): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PandaConfigModule.forConfig(config),
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
        EndpointRegistryModule,
        OperationsModule,
        McpTransportModule,
      ],
      providers: [{ provide: SERVICE_LOGGER, useValue: logger }, RequestLoggingMiddleware],
      // With metrics_port set, /metrics is served on that port instead (see bootstrap).
      controllers: [
        mcpControllerFor(config),
        HealthController,
        ...(config.metricsPort === undefined ? [MetricsController] : []),
      ],
    };
  }

  /** Every request gets its id and its log line first (and, while draining, a closing connection); MCP routes then have their bodies read before guards run. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestIdMiddleware, RequestLoggingMiddleware, DrainingConnectionMiddleware)
      .forRoutes('*');
    consumer.apply(McpBodyMiddleware).forRoutes(mcpControllerFor(this.config));
  }
}

function mcpControllerFor(config: PandaMcpConfig): typeof StreamableHttpController | typeof SseController {
  return config.transport === 'sse' ? SseController : StreamableHttpController;
}
