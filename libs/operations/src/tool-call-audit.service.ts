import { shorten } from '@panda-mcp/common';
import { Injectable, Logger } from '@nestjs/common';
import { unverifiedCaller } from './caller-identity';
import { LifecycleService } from './lifecycle.service';
import { MetricsService } from './metrics.service';

/** A rejection's detail in the log is at most this long: it quotes the caller's arguments. */
const MAX_REJECTION_DETAIL = 2000;

/** What the audit needs to know about the caller of one tool call (never the token itself). */
export interface AuditedCall {
  tool: string;
  requestId: string;
  vo?: string;
  token?: string;
  protocolEra?: string;
}

export interface AuditedResult {
  outcome: string;
  /** PanDA's HTTP status, when PanDA answered. */
  upstreamStatus?: number;
}

/**
 * One JSON log line and the metrics for every tool call: tool, outcome, duration, request id, VO and the
 * caller's identity as the token claims it (marked unverified; PanDA does the verifying). Calls are
 * counted as in flight so that shutdown can wait for them.
 */
@Injectable()
export class ToolCallAudit {
  private readonly logger = new Logger('ToolCall');

  constructor(
    private readonly metrics: MetricsService,
    private readonly lifecycle: LifecycleService,
  ) {}

  /** A call refused before PanDA was asked (bad arguments, unknown tool); the detail is caller text, cut. */
  rejected(call: AuditedCall, outcome: string, detail?: string): void {
    this.metrics.callRejected(call.tool, outcome);
    this.logger.warn({
      ...this.fields(call),
      outcome,
      durationMs: 0,
      detail: detail === undefined ? undefined : shorten(detail, MAX_REJECTION_DETAIL),
      msg: 'tool call rejected',
    });
  }

  async run<T>(
    call: AuditedCall,
    work: () => Promise<T>,
    describe: (result: T) => AuditedResult,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    this.metrics.callStarted();
    let described: AuditedResult = { outcome: 'internal_error' };
    try {
      const result = await this.lifecycle.trackCall(work);
      described = describe(result);
      return result;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.callFinished(call.tool, described.outcome, seconds, described.upstreamStatus);
      const line = {
        ...this.fields(call),
        outcome: described.outcome,
        upstreamStatus: described.upstreamStatus,
        durationMs: Math.round(seconds * 1000),
        msg: 'tool call',
      };
      if (described.outcome === 'ok') this.logger.log(line);
      else this.logger.warn(line);
    }
  }

  private fields(call: AuditedCall) {
    return {
      event: 'tool_call',
      requestId: call.requestId,
      tool: call.tool,
      vo: call.vo,
      protocolEra: call.protocolEra,
      caller: unverifiedCaller(call.token),
    };
  }
}
