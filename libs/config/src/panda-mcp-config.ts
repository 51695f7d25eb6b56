import type { McpTransportKind } from '@panda-mcp/common';

/**
 * The validated, typed configuration of panda-mcp. Built once at startup by the config loader from
 * (highest precedence first) the environment, the `mcp` section of panda_server_config.json, the
 * `[mcp]` section of panda_server.cfg, and defaults. Durations are in seconds, sizes in bytes.
 */
export interface PandaMcpConfig {
  /** `streamable-http` serves both MCP eras on /mcp/; `sse` serves the 2024-11-05 HTTP+SSE transport. */
  transport: McpTransportKind;
  /** Interface to bind. */
  host: string;
  /** TCP port (PANDA_SERVER_CONF_PORT_MCP). 0 picks a free port (tests). */
  port: number;
  /** PanDA-format endpoint list (`{"module": ["function", ...]}`); undefined means the bundled default list. */
  endpointListFile: string | undefined;
  /** OpenAPI description of PanDA API v1; defaults to the bundled config/panda-api/openapi.yaml. */
  apiSpecFile: string;
  /** When false, endpoint-list entries missing from the API description are warnings, not startup errors. */
  strictEndpoints: boolean;
  sslKeyfile: string | undefined;
  sslCertfile: string | undefined;
  /** Host names (and optional :port) accepted in Host and in serialized Origins; empty = no Host restriction. */
  allowedHosts: string[];
  /** VO names accepted in Origin; empty = any well-formed VO name. */
  allowedVos: string[];
  /** Only tools annotated read-only are listed or callable. */
  readOnly: boolean;
  /** The toolsets served (names from toolsets_file, or PanDA module names); empty: every tool. */
  toolsets: string[];
  /** The YAML file that defines named toolsets; the bundled config/toolsets.yaml by default. */
  toolsetsFile: string;
  /** `list`: tools/list shows every tool; `search`: search_tools, describe_tool and call_tool instead. */
  toolDiscovery: ToolDiscoveryMode;
  /**
   * MCP Apps views (task and queue dashboards): `auto` for clients that declare the extension, `always`
   * for every client (hosts that draw views without declaring it, such as VS Code), `off` for none.
   */
  mcpApps: McpAppsMode;
  /**
   * `elicit`: a destructive call first asks the human through the client (when it can be asked); `off`:
   * never asks; `require`: also refuses destructive calls from clients that cannot be asked.
   */
  confirmDestructive: ConfirmDestructiveMode;
  /**
   * Key that signs the state of a confirmation round trip (2026-07-28 clients); the same on every replica.
   * Undefined: a key made at start, good for one process only.
   */
  requestStateSecret: string | undefined;
  /**
   * `stateful`: a 2025-era client's requests go to the session its initialize opened on this replica.
   * `stateless`: every Streamable HTTP request is served on its own, so any replica can answer it.
   */
  sessionMode: SessionMode;
  /**
   * Apache balancer route of this replica: SSE session ids end with `.<route>`, which Apache's
   * `stickysession` reads from the `session_id` parameter. Undefined: plain ids.
   */
  balancerRoute: string | undefined;
  /** Upper bound on concurrent 2025-era and SSE sessions. */
  maxSessions: number;
  /** Seconds of inactivity after which a session is closed. */
  sessionIdleTimeout: number;
  /** Seconds before a PanDA call is abandoned. */
  upstreamTimeout: number;
  /** Seconds that in-flight tool calls get to finish after SIGTERM before the process exits anyway. */
  shutdownTimeout: number;
  /** A separate port serving only /metrics; undefined = /metrics on the main port. */
  metricsPort: number | undefined;
  /** Largest accepted HTTP request body, in bytes. */
  maxBodySize: number;
  /** Most sessions one caller (issuer + subject that PanDA has accepted) may hold open. */
  maxSessionsPerCaller: number;
  /** Most sessions open at once for callers PanDA has not accepted yet (no token, or none accepted). */
  maxAnonymousSessions: number;
  /** Seconds of inactivity after which a session of a not-yet-accepted caller is closed. */
  anonymousSessionIdleTimeout: number;
  /** Most PanDA calls one caller may have running at once (not-yet-accepted callers share one allowance). */
  maxCallsPerCaller: number;
  /**
   * Most tokens one tool result may cost the agent, counted as 4 bytes of the serialized result; larger
   * results are cut (leading records, with a notice saying how to get the rest).
   */
  maxResultTokens: number;
  /** Most bytes of PanDA answers held (being received or parsed) at once, all calls together. */
  maxUpstreamBuffer: number;
  /** Base URL of PanDA's API v1, e.g. https://pandaserver.cern.ch:25443/api/v1 (no trailing slash). */
  pandaApiUrl: string;
  /** PEM bundle of CAs trusted for the upstream (PANDA_CA_BUNDLE). */
  caBundle: string | undefined;
  /** Directory of CA certificates trusted for the upstream (X509_CERT_DIR). */
  caDir: string | undefined;
  /** False only when PANDA_VERIFY_HOST=off: upstream TLS certificates are not verified. */
  verifyUpstreamTls: boolean;
}

export const TOOL_DISCOVERY_MODES = ['list', 'search'] as const;
export type ToolDiscoveryMode = (typeof TOOL_DISCOVERY_MODES)[number];

export const MCP_APPS_MODES = ['auto', 'always', 'off'] as const;
export type McpAppsMode = (typeof MCP_APPS_MODES)[number];

export const SESSION_MODES = ['stateful', 'stateless'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export const CONFIRM_DESTRUCTIVE_MODES = ['elicit', 'off', 'require'] as const;
export type ConfirmDestructiveMode = (typeof CONFIRM_DESTRUCTIVE_MODES)[number];
