import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as ini from 'ini';
import { ConfigFileAccess, nodeConfigFileAccess } from './config-file-access';
import { ConfigValidationError } from './config-validation.error';
import { PandaMcpConfigDto } from './panda-mcp-config.dto';
import {
  DEFAULT_PANDA_HOME,
  defaultEndpointListFile,
  defaultPandaMcpConfig,
  defaultPandaServerCfg,
  pandaServerConfigJson,
} from './panda-mcp-config.defaults';
import { PandaMcpConfig } from './panda-mcp-config';

export interface LoadPandaMcpConfigOptions {
  /** Environment to read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** File access; default node:fs. */
  fs?: ConfigFileAccess;
}

export interface LoadedPandaMcpConfig {
  /** The validated configuration (frozen). */
  config: PandaMcpConfig;
  /** Things an operator should look at (log at warn level). */
  warnings: string[];
  /** Informational messages (log at log/info level). */
  notes: string[];
}

type ValueKind = 'transport' | 'host' | 'path' | 'int' | 'number' | 'bool' | 'voList' | 'hostList' | 'url';

/** One configuration setting: its file key, its property in PandaMcpConfig and its environment variables. */
export interface PandaMcpConfigKey {
  /** Key in the `[mcp]` section of panda_server.cfg and in the `mcp` object of panda_server_config.json. */
  readonly key: string;
  readonly prop: keyof PandaMcpConfig;
  /** Environment variables, highest precedence first. */
  readonly env: readonly string[];
  readonly kind: ValueKind;
}

/** Every setting panda-mcp reads, in the order problems are reported. */
export const PANDA_MCP_CONFIG_KEYS: readonly PandaMcpConfigKey[] = Object.freeze([
  { key: 'transport', prop: 'transport', env: ['PANDA_MCP_TRANSPORT'], kind: 'transport' },
  { key: 'host', prop: 'host', env: ['PANDA_MCP_HOST'], kind: 'host' },
  { key: 'port', prop: 'port', env: ['PANDA_SERVER_CONF_PORT_MCP'], kind: 'int' },
  {
    key: 'endpoint_list_file',
    prop: 'endpointListFile',
    env: ['PANDA_MCP_ENDPOINT_LIST_FILE'],
    kind: 'path',
  },
  { key: 'api_spec_file', prop: 'apiSpecFile', env: ['PANDA_MCP_API_SPEC'], kind: 'path' },
  { key: 'strict_endpoints', prop: 'strictEndpoints', env: ['PANDA_MCP_STRICT_ENDPOINTS'], kind: 'bool' },
  { key: 'ssl_keyfile', prop: 'sslKeyfile', env: ['PANDA_MCP_SSL_KEYFILE'], kind: 'path' },
  { key: 'ssl_certfile', prop: 'sslCertfile', env: ['PANDA_MCP_SSL_CERTFILE'], kind: 'path' },
  { key: 'allowed_hosts', prop: 'allowedHosts', env: ['PANDA_MCP_ALLOWED_HOSTS'], kind: 'hostList' },
  { key: 'allowed_vos', prop: 'allowedVos', env: ['PANDA_MCP_ALLOWED_VOS'], kind: 'voList' },
  { key: 'max_sessions', prop: 'maxSessions', env: ['PANDA_MCP_MAX_SESSIONS'], kind: 'int' },
  {
    key: 'session_idle_timeout',
    prop: 'sessionIdleTimeout',
    env: ['PANDA_MCP_SESSION_IDLE_TIMEOUT'],
    kind: 'number',
  },
  { key: 'upstream_timeout', prop: 'upstreamTimeout', env: ['PANDA_MCP_UPSTREAM_TIMEOUT'], kind: 'number' },
  { key: 'shutdown_timeout', prop: 'shutdownTimeout', env: ['PANDA_MCP_SHUTDOWN_TIMEOUT'], kind: 'number' },
  { key: 'metrics_port', prop: 'metricsPort', env: ['PANDA_MCP_METRICS_PORT'], kind: 'int' },
  { key: 'max_body_size', prop: 'maxBodySize', env: ['PANDA_MCP_MAX_BODY_SIZE'], kind: 'int' },
  { key: 'panda_api_url', prop: 'pandaApiUrl', env: ['PANDA_API_URL_SSL', 'PANDA_API_URL'], kind: 'url' },
  { key: 'ca_bundle', prop: 'caBundle', env: ['PANDA_CA_BUNDLE'], kind: 'path' },
  { key: 'ca_dir', prop: 'caDir', env: ['X509_CERT_DIR'], kind: 'path' },
  { key: 'verify_host', prop: 'verifyUpstreamTls', env: ['PANDA_VERIFY_HOST'], kind: 'bool' },
] as const satisfies readonly PandaMcpConfigKey[]);

/** Credentials of the server's own user that PanDA's reference MCP server also leaves unused. */
export const IGNORED_CREDENTIAL_ENV = Object.freeze([
  'PANDA_AUTH_ID_TOKEN',
  'PANDA_AUTH_VO',
  'X509_USER_PROXY',
]);

const KNOWN_KEYS = new Set(PANDA_MCP_CONFIG_KEYS.map((k) => k.key));
const MAX_SHOWN = 100;
const BOOL_WORDS = 'true/false, yes/no, on/off or 1/0';
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);
const INT_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const EXPECTED: Record<ValueKind, string> = {
  transport: 'a string: "streamable-http" or "sse"',
  host: 'a host name or an IP address',
  path: 'a file or directory path (a string)',
  int: 'an integer',
  number: 'a number',
  bool: `a boolean (${BOOL_WORDS})`,
  voList: 'a list of VO names separated by commas or whitespace, or a JSON array of strings',
  hostList: 'a list of host[:port] entries separated by commas or whitespace, or a JSON array of strings',
  url: 'an http(s) URL',
};

/** Where a value came from and what it was before conversion. */
interface Origin {
  source: string;
  raw: unknown;
  /** Replaces `raw` in messages when the raw value must not be shown in full. */
  shown?: string;
}

/** The `mcp` settings found in one config file. */
interface FileSection {
  /** E.g. `panda_server.cfg (/opt/panda/etc/panda/panda_server.cfg) [mcp]`. */
  label: string;
  /** Source text for one key, e.g. `... [mcp] transport`. */
  describe(key: string): string;
  values: Record<string, unknown>;
}

type Converted = { ok: true; value: unknown } | { ok: false; problem: string; shown?: string };

/**
 * Builds the validated panda-mcp configuration from (highest precedence first) the environment, the `mcp`
 * object of `$PANDA_HOME/etc/config_json/panda_server_config.json`, the `[mcp]` section of panda_server.cfg
 * and the defaults. Throws one ConfigValidationError listing every problem found.
 */
export function loadPandaMcpConfig(options: LoadPandaMcpConfigOptions = {}): LoadedPandaMcpConfig {
  const env = options.env ?? process.env;
  const fs = options.fs ?? nodeConfigFileAccess;
  const problems: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];

  const envValue = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  // 1. Read the files.
  const pandaHome = envValue('PANDA_HOME') ?? DEFAULT_PANDA_HOME;
  const jsonSection = readJsonSection(fs, pandaServerConfigJson(pandaHome), problems);
  const cfgFromEnv = envValue('PANDA_SERVER_CFG');
  const iniSection = readIniSection(fs, cfgFromEnv ?? defaultPandaServerCfg(pandaHome), cfgFromEnv, problems);
  const sections = [jsonSection, iniSection].filter((s): s is FileSection => s !== undefined);
  for (const section of sections) {
    notes.push(`read settings from ${section.label}`);
    const unknown = Object.keys(section.values).filter((k) => !KNOWN_KEYS.has(k));
    if (unknown.length > 0) {
      warnings.push(
        `${section.label}: ignoring unknown key(s) ${unknown.map((k) => `"${clip(k)}"`).join(', ')}`,
      );
    }
  }

  // 2. Pick the winning value of every key and convert it to its type.
  const defaults: PandaMcpConfig = {
    ...defaultPandaMcpConfig(),
    endpointListFile: defaultEndpointListFile(pandaHome),
  };
  const values: Record<string, unknown> = { ...defaults };
  const origins = new Map<keyof PandaMcpConfig, Origin>();
  const failed = new Set<keyof PandaMcpConfig>();
  const keyProblems: { order: number; text: string }[] = [];
  const report = (def: PandaMcpConfigKey, what: string): void => {
    failed.add(def.prop);
    keyProblems.push({
      order: PANDA_MCP_CONFIG_KEYS.indexOf(def),
      text: formatProblem(def.key, what, origins.get(def.prop)!),
    });
  };

  for (const def of PANDA_MCP_CONFIG_KEYS) {
    const origin = pickOrigin(def, envValue, sections);
    if (origin === undefined) {
      origins.set(def.prop, { source: 'default', raw: defaults[def.prop] });
      continue;
    }
    origins.set(def.prop, origin);
    const converted = convert(def.kind, origin.raw);
    if (converted.ok) {
      values[def.prop] = converted.value;
    } else {
      if (converted.shown !== undefined) origin.shown = converted.shown;
      report(def, converted.problem);
    }
  }

  // 3. Ranges, enumerations and formats.
  const dto = plainToInstance(PandaMcpConfigDto, values);
  for (const error of validateSync(dto, { forbidUnknownValues: false })) {
    const def = PANDA_MCP_CONFIG_KEYS.find((k) => k.prop === error.property);
    if (def === undefined || failed.has(def.prop)) continue;
    const messages = Object.values(error.constraints ?? {});
    report(def, messages[0] ?? 'is not valid');
  }

  // 4. Files and directories, and settings that depend on each other.
  const keyOf = (prop: keyof PandaMcpConfig): PandaMcpConfigKey =>
    PANDA_MCP_CONFIG_KEYS.find((k) => k.prop === prop)!;
  const usable = (prop: keyof PandaMcpConfig): string | undefined =>
    failed.has(prop) ? undefined : (values[prop] as string | undefined);
  const checkFile = (prop: keyof PandaMcpConfig): void => {
    const path = usable(prop);
    if (path === undefined) return;
    const what = fileProblem(fs, path);
    if (what !== undefined) report(keyOf(prop), what);
  };

  const endpointList = usable('endpointListFile');
  if (endpointList !== undefined && origins.get('endpointListFile')!.source === 'default') {
    if (fs.exists(endpointList)) {
      checkFile('endpointListFile');
      if (!failed.has('endpointListFile')) notes.push(`using the endpoint list ${endpointList}`);
    } else {
      values.endpointListFile = undefined;
      notes.push(`${endpointList} does not exist; using the endpoint list bundled with panda-mcp`);
    }
  } else {
    checkFile('endpointListFile');
  }
  if (origins.get('apiSpecFile')!.source !== 'default') checkFile('apiSpecFile');
  checkFile('sslKeyfile');
  checkFile('sslCertfile');
  checkFile('caBundle');
  const caDir = usable('caDir');
  if (caDir !== undefined && !fs.isDirectory(caDir)) {
    report(keyOf('caDir'), fs.exists(caDir) ? 'is not a directory' : 'no such directory');
  }

  const keySet = origins.get('sslKeyfile')!.source !== 'default';
  const certSet = origins.get('sslCertfile')!.source !== 'default';
  if (keySet !== certSet) {
    const [present, missing] = keySet ? ['ssl_keyfile', 'ssl_certfile'] : ['ssl_certfile', 'ssl_keyfile'];
    report(
      keyOf(keySet ? 'sslKeyfile' : 'sslCertfile'),
      `is set but ${missing} is not; set both ${present} and ${missing} to serve HTTPS, or neither`,
    );
  }

  // File-level problems first, then one or more per key, in the order of PANDA_MCP_CONFIG_KEYS.
  keyProblems.sort((a, b) => a.order - b.order);
  problems.push(...keyProblems.map((p) => p.text));
  if (problems.length > 0) throw new ConfigValidationError(problems);

  // 5. Warnings and notes about a valid configuration.
  const config = values as unknown as PandaMcpConfig;
  if (!config.verifyUpstreamTls) {
    warnings.push(
      `!!! UPSTREAM TLS VERIFICATION IS DISABLED (verify_host from ${origins.get('verifyUpstreamTls')!.source}) !!! ` +
        `The certificate of ${config.pandaApiUrl} is not checked: anyone able to impersonate that server receives ` +
        'the ID tokens of every MCP client. Use this only for testing.',
    );
  }
  const upstream = new URL(config.pandaApiUrl);
  if (upstream.protocol === 'http:' && !isLoopback(upstream.hostname)) {
    warnings.push(
      `panda_api_url ${config.pandaApiUrl} uses plain http: client ID tokens travel to PanDA unencrypted`,
    );
  }
  const ignored = IGNORED_CREDENTIAL_ENV.filter((name) => envValue(name) !== undefined);
  if (ignored.length > 0) {
    notes.push(
      `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} set in the environment but ignored: panda-mcp never ` +
        "calls PanDA with credentials of its own; each call carries the MCP client's Authorization and Origin headers",
    );
  }

  return { config: freezeConfig(config), warnings, notes };
}

function pickOrigin(
  def: PandaMcpConfigKey,
  envValue: (name: string) => string | undefined,
  sections: readonly FileSection[],
): Origin | undefined {
  for (const name of def.env) {
    const raw = envValue(name);
    if (raw !== undefined) return { source: `env ${name}`, raw };
  }
  for (const section of sections) {
    if (!Object.prototype.hasOwnProperty.call(section.values, def.key)) continue;
    const raw = section.values[def.key];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    return { source: section.describe(def.key), raw };
  }
  return undefined;
}

function convert(kind: ValueKind, raw: unknown): Converted {
  const wrongType: Converted = { ok: false, problem: `must be ${EXPECTED[kind]}` };
  switch (kind) {
    case 'transport':
      return typeof raw === 'string' ? { ok: true, value: raw.trim().toLowerCase() } : wrongType;
    case 'host':
      if (typeof raw !== 'string') return wrongType;
      return { ok: true, value: raw.trim().replace(/^\[(.*)\]$/, '$1') };
    case 'path':
      return typeof raw === 'string' ? { ok: true, value: raw.trim() } : wrongType;
    case 'int':
      if (typeof raw === 'number') return { ok: true, value: raw };
      return typeof raw === 'string' && INT_RE.test(raw.trim())
        ? { ok: true, value: Number(raw.trim()) }
        : wrongType;
    case 'number':
      if (typeof raw === 'number') return { ok: true, value: raw };
      return typeof raw === 'string' && NUMBER_RE.test(raw.trim())
        ? { ok: true, value: Number(raw.trim()) }
        : wrongType;
    case 'bool': {
      const value = parseBoolean(raw);
      return value === undefined ? wrongType : { ok: true, value };
    }
    case 'voList':
    case 'hostList': {
      const value = parseList(raw);
      if (value === undefined) return wrongType;
      return { ok: true, value: kind === 'hostList' ? unique(value.map((h) => h.toLowerCase())) : value };
    }
    case 'url':
      return typeof raw === 'string' ? normalisePandaApiUrl(raw) : wrongType;
  }
}

/** true/false, 1/0, yes/no, on/off (any case); JSON booleans and the numbers 1 and 0. Undefined otherwise. */
function parseBoolean(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw !== 'string') return undefined;
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** A string of entries separated by commas and/or whitespace, or an array of strings. Undefined otherwise. */
function parseList(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return unique(raw.split(/[\s,]+/).filter((s) => s !== ''));
  if (!Array.isArray(raw) || !raw.every((item) => typeof item === 'string')) return undefined;
  return unique((raw as string[]).map((s) => s.trim()).filter((s) => s !== ''));
}

/**
 * Checks and normalises the base URL of PanDA's API v1: http(s) only, no credentials, query or fragment,
 * trailing slashes removed, and `/api/v1` appended when the URL has no path.
 */
function normalisePandaApiUrl(raw: string): Converted {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'must be an absolute http(s) URL' };
  }
  if (url.username !== '' || url.password !== '') {
    url.username = '';
    url.password = '';
    return {
      ok: false,
      problem: 'must not contain credentials',
      shown: `${url.protocol}//***@${url.host}${url.pathname}`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, problem: 'must use http or https' };
  if (text.includes('?') || text.includes('#'))
    return { ok: false, problem: 'must not have a query or fragment' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, value: `${url.protocol}//${url.host}${path === '' ? '/api/v1' : path}` };
}

function fileProblem(fs: ConfigFileAccess, path: string): string | undefined {
  if (!fs.exists(path)) return 'no such file';
  if (fs.isDirectory(path)) return 'is a directory, expected a file';
  if (!fs.isReadableFile(path)) return 'is not a readable file';
  return undefined;
}

function readJsonSection(fs: ConfigFileAccess, file: string, problems: string[]): FileSection | undefined {
  const label = `panda_server_config.json (${file})`;
  if (!fs.exists(file)) return undefined;
  const text = readFile(fs, file, label, problems);
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    // The parser's own message may quote the file, which also holds PanDA's secrets: report the position only.
    problems.push(`${label}: is not valid JSON (${jsonErrorPosition(error, text)})`);
    return undefined;
  }
  if (!isObject(doc)) {
    problems.push(`${label}: must hold a JSON object`);
    return undefined;
  }
  const mcp = Object.prototype.hasOwnProperty.call(doc, 'mcp') ? doc.mcp : undefined;
  if (mcp === undefined || mcp === null) return undefined;
  if (!isObject(mcp)) {
    problems.push(
      formatProblem('mcp', 'must be a JSON object of settings', { source: `${label} mcp`, raw: mcp }),
    );
    return undefined;
  }
  return { label: `${label} mcp`, describe: (key) => `${label} mcp.${key}`, values: mcp };
}

function readIniSection(
  fs: ConfigFileAccess,
  file: string,
  fromEnv: string | undefined,
  problems: string[],
): FileSection | undefined {
  const label = `panda_server.cfg (${file})`;
  if (!fs.exists(file)) {
    if (fromEnv !== undefined) {
      problems.push(
        formatProblem('PANDA_SERVER_CFG', 'no such file', { source: 'env PANDA_SERVER_CFG', raw: file }),
      );
    }
    return undefined;
  }
  const text = readFile(fs, file, label, problems);
  if (text === undefined) return undefined;
  const { text: normalised, badLines } = normaliseIni(text, 'mcp');
  for (const line of badLines) {
    problems.push(`${label} [mcp] line ${line}: expected "key = value"`);
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = ini.parse(normalised);
  } catch {
    problems.push(`${label}: cannot be parsed as an INI file`);
    return undefined;
  }
  const section = parsed.mcp;
  if (!isObject(section)) return undefined;
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(section)) values[key.toLowerCase()] = value;
  return { label: `${label} [mcp]`, describe: (key) => `${label} [mcp] ${key}`, values };
}

function readFile(fs: ConfigFileAccess, file: string, label: string, problems: string[]): string | undefined {
  try {
    return fs.readText(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    problems.push(`${label}: cannot be read${code ? ` (${code})` : ''}`);
    return undefined;
  }
}

/**
 * Brings Python configparser syntax to what the `ini` package reads: `key: value` becomes `key = value`,
 * indented continuation lines are joined to their key's value (with a space), and section headers are
 * trimmed. Returns the 1-based numbers of lines in `[section]` that are not `key = value`.
 */
function normaliseIni(text: string, section: string): { text: string; badLines: number[] } {
  const out: string[] = [];
  const badLines: number[] = [];
  let current: string | undefined;
  let lastKeyLine: number | undefined; // index in `out` of the key line a continuation would extend
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') lastKeyLine = undefined;
      out.push(trimmed === '' ? '' : trimmed);
      return;
    }
    const header = /^\[([^\]]*)\]$/.exec(trimmed);
    if (header) {
      current = header[1].trim();
      lastKeyLine = undefined;
      out.push(`[${current}]`);
      return;
    }
    if (/^\s/.test(line) && lastKeyLine !== undefined) {
      out[lastKeyLine] = `${out[lastKeyLine].replace(/\s*=\s*$/, ' =')} ${trimmed}`;
      out.push('');
      return;
    }
    const eq = trimmed.indexOf('=');
    const colon = trimmed.indexOf(':');
    const at = eq === -1 ? colon : colon === -1 ? eq : Math.min(eq, colon);
    if (at <= 0) {
      if (current === section) badLines.push(index + 1);
      lastKeyLine = undefined;
      out.push('');
      return;
    }
    lastKeyLine = out.length;
    out.push(`${trimmed.slice(0, at).trim()} = ${trimmed.slice(at + 1).trim()}`);
  });
  return { text: out.join('\n'), badLines };
}

function jsonErrorPosition(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const match = /position (\d+)/.exec(message);
  if (match) {
    const before = text.slice(0, Number(match[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return `syntax error at line ${line}, column ${column}`;
  }
  return /end of JSON/i.test(message) ? 'unexpected end of input' : 'syntax error';
}

function formatProblem(key: string, what: string, origin: Origin): string {
  const shown = origin.shown ?? showValue(origin.raw);
  return `${key}: ${what}; got "${shown}" from ${origin.source}`;
}

function showValue(raw: unknown): string {
  if (typeof raw === 'string') return clip(raw);
  if (raw === undefined) return '';
  return clip(JSON.stringify(raw) ?? String(raw));
}

function clip(text: string): string {
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > MAX_SHOWN ? `${printable.slice(0, MAX_SHOWN)}...` : printable;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function freezeConfig(config: PandaMcpConfig): PandaMcpConfig {
  Object.freeze(config.allowedHosts);
  Object.freeze(config.allowedVos);
  return Object.freeze(config);
}
