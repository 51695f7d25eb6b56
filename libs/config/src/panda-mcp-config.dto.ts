import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { MCP_TRANSPORT_KINDS, McpTransportKind, VO_NAME_PATTERN } from '@panda-mcp/common';
import {
  CONFIRM_DESTRUCTIVE_MODES,
  ConfirmDestructiveMode,
  MCP_APPS_MODES,
  McpAppsMode,
  PandaMcpConfig,
  SESSION_MODES,
  SessionMode,
  TOOL_DISCOVERY_MODES,
  ToolDiscoveryMode,
} from './panda-mcp-config';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const DNS_NAME = `${LABEL}(?:\\.${LABEL})*`;
const IPV6 = '[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9]+)?';

/** An `allowed_hosts` entry: a host name, IPv4 address or [IPv6] address, optionally `:port` or `:*`. */
export const ALLOWED_HOST_PATTERN = new RegExp(`^(?:${DNS_NAME}|\\[${IPV6}\\])(?::(?:[0-9]{1,5}|\\*))?$`);

/** The interface to bind: a host name, IPv4 address or bare IPv6 address. */
export const BIND_HOST_PATTERN = new RegExp(`^(?:${DNS_NAME}|${IPV6})$`);

/** An http(s) URL without credentials, query or fragment (after normalisation by the loader). */
export const UPSTREAM_URL_PATTERN = /^https?:\/\/[^\s/?#@]+(?:\/[^\s?#]*)?$/;

/** Longest timeout Node's timers can hold (2^31-1 ms), in whole seconds. */
export const MAX_TIMEOUT_SECONDS = 2147483;

/** Smallest accepted `max_body_size`. */
export const MIN_BODY_SIZE = 1024;
export const MIN_UPSTREAM_BUFFER = 1048576;
/** Below this a result cannot hold a useful page of records and its notice. */
export const MIN_RESULT_TOKENS = 1000;
/** An Apache balancer route: what `stickysession` finds after the last `.` of a session id. */
export const BALANCER_ROUTE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The signing key of request state needs 256 bits (the SDK's codec refuses less). */
export const MIN_REQUEST_STATE_SECRET_LENGTH = 32;
/** Toolset names: PanDA module names and the names defined in toolsets_file. */
export const TOOLSET_NAME_PATTERN = /^[a-z0-9_-]{1,64}$/;
/** Connections to PanDA kept by the PanDA client, for all callers together (a fixed constant). */
export const UPSTREAM_CONNECTIONS = 64;
/** One caller may use at most half of them, so others always find connections. */
export const MAX_CALLS_PER_CALLER = UPSTREAM_CONNECTIONS / 2;
/** A million tokens is more than any agent's context window. */
export const MAX_RESULT_TOKENS = 1_000_000;

/**
 * Validation rules of the merged configuration. The loader has already turned strings into numbers,
 * booleans and lists; this class checks ranges, enumerations and formats.
 */
export class PandaMcpConfigDto implements PandaMcpConfig {
  @IsIn(MCP_TRANSPORT_KINDS, { message: 'must be "streamable-http" or "sse"' })
  transport!: McpTransportKind;

  @IsString()
  @Matches(BIND_HOST_PATTERN, {
    message: 'must be a host name or an IP address (e.g. 0.0.0.0, ::, localhost)',
  })
  host!: string;

  @IsInt({ message: 'must be an integer from 0 to 65535' })
  @Min(0, { message: 'must be an integer from 0 to 65535' })
  @Max(65535, { message: 'must be an integer from 0 to 65535' })
  port!: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  endpointListFile: string | undefined;

  @IsString()
  @MinLength(1, { message: 'must be a file path' })
  apiSpecFile!: string;

  @IsBoolean({ message: 'must be a boolean (true/false, yes/no, on/off, 1/0)' })
  strictEndpoints!: boolean;

  @IsOptional()
  @IsString()
  sslKeyfile: string | undefined;

  @IsOptional()
  @IsString()
  sslCertfile: string | undefined;

  @IsArray()
  @Matches(ALLOWED_HOST_PATTERN, {
    each: true,
    message:
      'each entry must be a host name, IPv4 address or [IPv6] address, optionally followed by :port or :*',
  })
  allowedHosts!: string[];

  @IsArray()
  @Matches(VO_NAME_PATTERN, {
    each: true,
    message: 'each VO name must be 1 to 64 characters from A-Z a-z 0-9 . _ : -',
  })
  allowedVos!: string[];

  @IsBoolean({ message: 'must be a boolean (true/false, yes/no, on/off, 1/0)' })
  readOnly!: boolean;

  @IsArray()
  @Matches(TOOLSET_NAME_PATTERN, {
    each: true,
    message: 'each toolset name must be 1 to 64 characters from a-z 0-9 _ -',
  })
  toolsets!: string[];

  @IsString()
  @MinLength(1, { message: 'must be a file path' })
  toolsetsFile!: string;

  @IsIn(TOOL_DISCOVERY_MODES, { message: 'must be "list" or "search"' })
  toolDiscovery!: ToolDiscoveryMode;

  @IsIn(MCP_APPS_MODES, { message: 'must be "auto", "always" or "off"' })
  mcpApps!: McpAppsMode;

  @IsIn(CONFIRM_DESTRUCTIVE_MODES, { message: 'must be "elicit", "off" or "require"' })
  confirmDestructive!: ConfirmDestructiveMode;

  @IsOptional()
  @IsString()
  @MinLength(MIN_REQUEST_STATE_SECRET_LENGTH, {
    message: `must be at least ${MIN_REQUEST_STATE_SECRET_LENGTH} characters (a random string, the same on every replica)`,
  })
  requestStateSecret!: string | undefined;

  @IsIn(SESSION_MODES, { message: 'must be "stateful" or "stateless"' })
  sessionMode!: SessionMode;

  @IsOptional()
  @Matches(BALANCER_ROUTE_PATTERN, {
    message:
      'must be 1 to 64 characters from A-Z a-z 0-9 _ - (the route of this replica in the Apache balancer)',
  })
  balancerRoute!: string | undefined;

  @IsInt({ message: 'must be an integer >= 1' })
  @Min(1, { message: 'must be an integer >= 1' })
  maxSessions!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of seconds > 0' })
  @IsPositive({ message: 'must be a number of seconds > 0' })
  @Max(MAX_TIMEOUT_SECONDS, { message: `must be at most ${MAX_TIMEOUT_SECONDS} seconds` })
  sessionIdleTimeout!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of seconds > 0' })
  @IsPositive({ message: 'must be a number of seconds > 0' })
  @Max(MAX_TIMEOUT_SECONDS, { message: `must be at most ${MAX_TIMEOUT_SECONDS} seconds` })
  upstreamTimeout!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of seconds > 0' })
  @IsPositive({ message: 'must be a number of seconds > 0' })
  @Max(MAX_TIMEOUT_SECONDS, { message: `must be at most ${MAX_TIMEOUT_SECONDS} seconds` })
  shutdownTimeout!: number;

  @IsOptional()
  @IsInt({ message: 'must be an integer from 1 to 65535' })
  @Min(1, { message: 'must be an integer from 1 to 65535' })
  @Max(65535, { message: 'must be an integer from 1 to 65535' })
  metricsPort: number | undefined;

  @IsInt({ message: `must be an integer number of bytes >= ${MIN_BODY_SIZE}` })
  @Min(MIN_BODY_SIZE, { message: `must be an integer number of bytes >= ${MIN_BODY_SIZE}` })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' })
  maxBodySize!: number;

  @IsInt({ message: 'must be an integer >= 1' })
  @Min(1, { message: 'must be an integer >= 1' })
  maxSessionsPerCaller!: number;

  @IsInt({ message: 'must be an integer >= 1' })
  @Min(1, { message: 'must be an integer >= 1' })
  maxAnonymousSessions!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of seconds > 0' })
  @IsPositive({ message: 'must be a number of seconds > 0' })
  @Max(MAX_TIMEOUT_SECONDS, { message: `must be at most ${MAX_TIMEOUT_SECONDS} seconds` })
  anonymousSessionIdleTimeout!: number;

  @IsInt({ message: 'must be an integer >= 1' })
  @Min(1, { message: 'must be an integer >= 1' })
  @Max(MAX_CALLS_PER_CALLER, {
    message: `must be at most ${MAX_CALLS_PER_CALLER} (half of the ${UPSTREAM_CONNECTIONS} connections to PanDA, so one caller cannot hold them all)`,
  })
  maxCallsPerCaller!: number;

  @IsInt({ message: `must be an integer >= ${MIN_RESULT_TOKENS}` })
  @Min(MIN_RESULT_TOKENS, { message: `must be an integer >= ${MIN_RESULT_TOKENS}` })
  @Max(MAX_RESULT_TOKENS, { message: `must be at most ${MAX_RESULT_TOKENS}` })
  maxResultTokens!: number;

  @IsInt({ message: `must be an integer number of bytes >= ${MIN_UPSTREAM_BUFFER}` })
  @Min(MIN_UPSTREAM_BUFFER, { message: `must be an integer number of bytes >= ${MIN_UPSTREAM_BUFFER}` })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' })
  maxUpstreamBuffer!: number;

  @IsString()
  @Matches(UPSTREAM_URL_PATTERN, { message: 'must be an http(s) URL without credentials, query or fragment' })
  pandaApiUrl!: string;

  @IsOptional()
  @IsString()
  caBundle: string | undefined;

  @IsOptional()
  @IsString()
  caDir: string | undefined;

  @IsBoolean({ message: 'must be a boolean (true/false, yes/no, on/off, 1/0)' })
  verifyUpstreamTls!: boolean;
}
