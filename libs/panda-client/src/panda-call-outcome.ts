/** What came back from one PanDA API call, already classified for the tool layer and for metrics. */
export type PandaCallOutcome =
  /** 200 envelope with success: true. */
  | { kind: 'ok'; status: number; message: string; data: unknown; url: string }
  /** 200 envelope with success: false: PanDA refused or failed, and said why. */
  | { kind: 'panda_error'; status: number; message: string; data: unknown; url: string }
  /** Any non-200 answer (403/404/500/503 text/plain from PanDA or httpd). */
  | { kind: 'http_error'; status: number; text: string; url: string }
  /** A 200 whose body is not PanDA's envelope. */
  | { kind: 'bad_response'; status: number; text: string; url: string }
  /** No answer within the configured timeout. */
  | { kind: 'timeout'; timeoutMs: number; url: string }
  /** Connection refused, DNS failure, TLS failure... */
  | { kind: 'network_error'; reason: string; url: string }
  /** The caller went away (MCP cancellation or disconnect) before PanDA answered. */
  | { kind: 'cancelled'; url: string };

export type PandaCallOutcomeKind = PandaCallOutcome['kind'];
