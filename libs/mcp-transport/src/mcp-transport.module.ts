import { Module } from '@nestjs/common';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { EndpointRegistryModule } from '@panda-mcp/endpoint-registry';
import { OperationsModule } from '@panda-mcp/operations';
import { PandaClientModule } from '@panda-mcp/panda-client';
import { McpServerFactory } from './mcp-server.factory';
import { OriginPolicy } from './origin-policy';
import { RequestGuard } from './request-guard.service';
import { SessionRegistry } from './session-registry.service';
import { SseService } from './sse.service';
import { StreamableHttpService } from './streamable-http.service';
import { ToolCallService } from './tool-call.service';

/** MCP over HTTP: both Streamable HTTP eras and the legacy SSE transport, over the tool registry. */
@Module({
  imports: [EndpointRegistryModule, PandaClientModule, OperationsModule],
  providers: [
    {
      provide: OriginPolicy,
      inject: [pandaMcpConfig.KEY],
      useFactory: (config: PandaMcpConfig) =>
        new OriginPolicy({
          allowedHosts: config.allowedHosts,
          allowedVos: config.allowedVos,
          bindHost: config.host,
        }),
    },
    RequestGuard,
    ToolCallService,
    McpServerFactory,
    SessionRegistry,
    StreamableHttpService,
    SseService,
  ],
  exports: [StreamableHttpService, SseService, SessionRegistry, ToolCallService],
})
export class McpTransportModule {}
