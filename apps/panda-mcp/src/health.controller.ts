import { Controller, Get, Header, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { pandaMcpConfig, PandaMcpConfig, pandaMcpVersion } from '@panda-mcp/config';
import { EndpointRegistry } from '@panda-mcp/endpoint-registry';
import { SessionRegistry } from '@panda-mcp/mcp-transport';
import { LifecycleService, UpstreamProbeService } from '@panda-mcp/operations';

/**
 * Probes for Kubernetes and operators. Exempt from the MCP Host/Origin policy (kubelet sends the pod IP
 * as Host). Readiness deliberately ignores PanDA: an upstream outage must not empty the Service, since
 * tool calls already explain such outages to agents.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(pandaMcpConfig.KEY) private readonly config: PandaMcpConfig,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleService,
    private readonly registry: EndpointRegistry,
    private readonly sessions: SessionRegistry,
    private readonly upstream: UpstreamProbeService,
  ) {}

  /** Liveness: answering at all proves the process and its event loop work. */
  @Get('healthz')
  @HealthCheck()
  liveness() {
    return this.health.check([
      () => this.indicators.check('process').up({ uptimeSeconds: this.uptimeSeconds() }),
    ]);
  }

  @Get('readyz')
  @HealthCheck()
  readiness() {
    return this.health.check([
      () => {
        const check = this.indicators.check('registry');
        return this.registry.size > 0 ? check.up({ tools: this.registry.size }) : check.down({ tools: 0 });
      },
      () => {
        const check = this.indicators.check('server');
        if (this.lifecycle.draining) return check.down({ state: 'draining' });
        return this.lifecycle.listening
          ? check.up({ state: 'listening' })
          : check.down({ state: 'starting' });
      },
    ]);
  }

  @Get('status')
  @Header('Cache-Control', 'no-store')
  status() {
    return {
      service: 'panda-mcp',
      version: pandaMcpVersion(),
      state: this.lifecycle.draining ? 'draining' : this.lifecycle.listening ? 'ready' : 'starting',
      uptimeSeconds: this.uptimeSeconds(),
      transport: this.config.transport,
      tools: this.registry.size,
      sessions: {
        total: this.sessions.size,
        max: this.sessions.maxSessions,
        streamableHttp: this.sessions.countByKind('streamable-http'),
        sse: this.sessions.countByKind('sse'),
      },
      inFlightCalls: this.lifecycle.inFlightCallCount,
      inFlightRequests: this.lifecycle.inFlightCount,
      upstream: { url: this.config.pandaApiUrl, ...this.upstream.current },
    };
  }

  private uptimeSeconds(): number {
    return Math.round((Date.now() - this.lifecycle.startedAt) / 1000);
  }
}
