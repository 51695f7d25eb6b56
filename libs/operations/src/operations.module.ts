import { Module } from '@nestjs/common';
import { PandaClientModule } from '@panda-mcp/panda-client';
import { DrainingConnectionMiddleware } from './draining-connection.middleware';
import { LifecycleService } from './lifecycle.service';
import { MetricsService } from './metrics.service';
import { ToolCallAudit } from './tool-call-audit.service';
import { UpstreamProbeService } from './upstream-probe.service';

/** What operators watch: metrics, lifecycle (listening/draining), audit logs, the upstream probe. */
@Module({
  imports: [PandaClientModule],
  providers: [
    MetricsService,
    LifecycleService,
    ToolCallAudit,
    UpstreamProbeService,
    DrainingConnectionMiddleware,
  ],
  exports: [
    MetricsService,
    LifecycleService,
    ToolCallAudit,
    UpstreamProbeService,
    DrainingConnectionMiddleware,
  ],
})
export class OperationsModule {}
