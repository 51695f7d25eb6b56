import { Module } from '@nestjs/common';
import { DiagnosisModule } from '@panda-mcp/diagnosis';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { EndpointRegistryModule } from '@panda-mcp/endpoint-registry';
import { OperationsModule } from '@panda-mcp/operations';
import { PandaClientModule } from '@panda-mcp/panda-client';
import { McpServerFactory } from './mcp-server.factory';
import { PendingRequests } from './pending-requests';
import { OriginPolicy } from './origin-policy';
import { AuthContextInterceptor } from './auth-context.interceptor';
import { CallerAcceptance } from './caller-acceptance.service';
import { CallerLimits } from './caller-limits.service';
import { ToolViews } from './tool-views.service';
import { ToolDiscovery } from './tool-discovery.service';
import { DestructiveConfirmation } from './destructive-confirmation.service';
import { McpAdmissionGuard } from './mcp-admission.guard';
import { McpBodyMiddleware } from './mcp-body.middleware';
import { SessionRegistry } from './session-registry.service';
import { SseService } from './sse.service';
import { StreamableHttpService } from './streamable-http.service';
import { McpApps } from './mcp-apps.service';
import { PandaResources } from './panda-resources.service';
import { ToolCallService } from './tool-call.service';
import { ToolCatalogue } from './tool-catalogue.service';

/**
 * MCP over HTTP: both Streamable HTTP eras and the legacy SSE transport, over the tool registry, and the
 * Nest edge pieces the MCP controllers use (body middleware, admission guard, auth-context interceptor).
 */
@Module({
  imports: [EndpointRegistryModule, PandaClientModule, OperationsModule, DiagnosisModule],
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
    McpAdmissionGuard,
    AuthContextInterceptor,
    McpBodyMiddleware,
    CallerLimits,
    CallerAcceptance,
    ToolViews,
    ToolDiscovery,
    ToolCatalogue,
    DestructiveConfirmation,
    ToolCallService,
    PandaResources,
    McpApps,
    McpServerFactory,
    PendingRequests,
    SessionRegistry,
    StreamableHttpService,
    SseService,
  ],
  exports: [
    StreamableHttpService,
    SseService,
    SessionRegistry,
    ToolCallService,
    OriginPolicy,
    McpAdmissionGuard,
    AuthContextInterceptor,
    McpBodyMiddleware,
    CallerLimits,
    CallerAcceptance,
    ToolViews,
  ],
})
export class McpTransportModule {}
