import { Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface SessionCount {
  /** `2025` for Streamable HTTP sessions, `2024-11-05` for SSE. */
  protocolEra: string;
  transport: string;
  count: number;
}

/**
 * Prometheus metrics of the service, in a registry of its own (never prom-client's global one, so that
 * tests and several app instances in one process do not collide). Labels never carry credentials or user
 * data: tool names come from the registry, outcomes and statuses from fixed sets.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly toolCalls: Counter<'tool' | 'outcome'>;
  private readonly toolCallDuration: Histogram<'tool'>;
  private readonly upstreamResponses: Counter<'status'>;
  private readonly inFlight: Gauge;
  private readonly requests: Counter<'protocol_era'>;
  private sessionSource: () => SessionCount[] = () => [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'panda_mcp_' });
    this.toolCalls = new Counter({
      name: 'panda_mcp_tool_calls_total',
      help: 'Tool calls by tool and outcome (ok, panda_error, http_error, timeout, network_error, bad_response, cancelled, too_large, busy, caller_limit, invalid_arguments, unknown_tool).',
      labelNames: ['tool', 'outcome'],
      registers: [this.registry],
    });
    this.toolCallDuration = new Histogram({
      name: 'panda_mcp_tool_call_duration_seconds',
      help: 'Duration of tool calls, PanDA round trip included.',
      labelNames: ['tool'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    this.upstreamResponses = new Counter({
      name: 'panda_mcp_upstream_responses_total',
      help: 'Answers from PanDA by HTTP status ("none" when no answer came: timeout, network error).',
      labelNames: ['status'],
      registers: [this.registry],
    });
    this.inFlight = new Gauge({
      name: 'panda_mcp_tool_calls_in_flight',
      help: 'Tool calls currently waiting for PanDA.',
      registers: [this.registry],
    });
    this.requests = new Counter({
      name: 'panda_mcp_http_requests_total',
      help: 'MCP HTTP requests by protocol era (2026-07-28, 2025, 2024-11-05).',
      labelNames: ['protocol_era'],
      registers: [this.registry],
    });
    const sessions = () => this.sessionSource();
    new Gauge({
      name: 'panda_mcp_sessions_open',
      help: 'Open MCP sessions by protocol era and transport.',
      labelNames: ['protocol_era', 'transport'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const s of sessions())
          this.set({ protocol_era: s.protocolEra, transport: s.transport }, s.count);
      },
    });
  }

  /** The session registry reports its counts through this, read at scrape time. */
  setSessionSource(source: () => SessionCount[]): void {
    this.sessionSource = source;
  }

  callStarted(): void {
    this.inFlight.inc();
  }

  callFinished(tool: string, outcome: string, seconds: number, upstreamStatus: number | undefined): void {
    this.inFlight.dec();
    this.toolCalls.inc({ tool, outcome });
    this.toolCallDuration.observe({ tool }, seconds);
    this.upstreamResponses.inc({ status: upstreamStatus === undefined ? 'none' : String(upstreamStatus) });
  }

  /** Outcomes that never reached PanDA (bad arguments, unknown tool) count as calls but not as answers. */
  callRejected(tool: string, outcome: string): void {
    this.toolCalls.inc({ tool, outcome });
  }

  request(protocolEra: string): void {
    this.requests.inc({ protocol_era: protocolEra });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Answers a scrape: the main port's /metrics and the separate metrics_port both use this. */
  async scrape(res: ServerResponse): Promise<void> {
    const text = await this.render();
    res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text);
  }
}
