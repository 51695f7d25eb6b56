import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PandaClient } from '@panda-mcp/panda-client';

export interface UpstreamState {
  reachable: boolean | null;
  checkedAt: string | null;
  latencyMs: number | null;
  detail: string | null;
}

/** How often PanDA's is_alive is asked, for /status only (readiness never depends on PanDA). */
export const UPSTREAM_PROBE_INTERVAL_MS = 30_000;

/** A cached, periodic, credential-free `system/is_alive` call, so /status can say whether PanDA answers. */
@Injectable()
export class UpstreamProbeService implements OnModuleDestroy {
  private readonly logger = new Logger(UpstreamProbeService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private state: UpstreamState = { reachable: null, checkedAt: null, latencyMs: null, detail: null };

  constructor(private readonly panda: PandaClient) {}

  get current(): UpstreamState {
    return this.state;
  }

  /**
   * Starts asking, once the service listens (bootstrap calls it): building the modules alone, as
   * `--check-config` does, must not call PanDA.
   */
  start(): void {
    if (this.timer) return;
    void this.probe();
    this.timer = setInterval(() => void this.probe(), UPSTREAM_PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  probe(): Promise<void> {
    this.running ??= this.ask().finally(() => (this.running = undefined));
    return this.running;
  }

  private async ask(): Promise<void> {
    const started = Date.now();
    const outcome = await this.panda.call({
      target: {
        toolName: 'system_is_alive',
        httpMethod: 'GET',
        path: '/system/is_alive',
        bodyEncoding: 'query',
        parameters: [],
      },
      args: {},
      auth: { requestId: `probe-${randomUUID()}` },
    });
    const reachable = outcome.kind === 'ok';
    const detail =
      outcome.kind === 'ok' || outcome.kind === 'panda_error'
        ? outcome.message || null
        : outcome.kind === 'http_error'
          ? `HTTP ${outcome.status}`
          : outcome.kind === 'network_error'
            ? outcome.reason
            : outcome.kind;
    if (reachable !== this.state.reachable) {
      this.logger.log({
        msg: reachable ? 'PanDA is reachable' : 'PanDA is not reachable',
        url: this.panda.apiBase,
        detail,
      });
    }
    this.state = { reachable, checkedAt: new Date().toISOString(), latencyMs: Date.now() - started, detail };
  }
}
