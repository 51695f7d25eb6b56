import { ConfigValueKind } from './panda-mcp-config.keys';

/** A setting turned into its type, or why it could not be (`shown` replaces the raw value in messages). */
export type ConvertedConfigValue =
  { ok: true; value: unknown } | { ok: false; problem: string; shown?: string };

const BOOL_WORDS = 'true/false, yes/no, on/off or 1/0';
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);
const INT_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const EXPECTED: Record<ConfigValueKind, string> = {
  transport: 'a string: "streamable-http" or "sse"',
  word: 'a string',
  host: 'a host name or an IP address',
  path: 'a file or directory path (a string)',
  int: 'an integer',
  number: 'a number',
  bool: `a boolean (${BOOL_WORDS})`,
  voList: 'a list of VO names separated by commas or whitespace, or a JSON array of strings',
  nameList: 'a list of names separated by commas or whitespace, or a JSON array of strings',
  hostList: 'a list of host[:port] entries separated by commas or whitespace, or a JSON array of strings',
  url: 'an http(s) URL',
  secret: 'a string',
};

/**
 * Turns the raw value of a setting (a string from the environment or panda_server.cfg, or any JSON value
 * from panda_server_config.json) into its type. Ranges and formats are checked later, by the DTO.
 */
export function convertConfigValue(kind: ConfigValueKind, raw: unknown): ConvertedConfigValue {
  const wrongType: ConvertedConfigValue = { ok: false, problem: `must be ${EXPECTED[kind]}` };
  switch (kind) {
    case 'transport':
    case 'word':
      return typeof raw === 'string' ? { ok: true, value: raw.trim().toLowerCase() } : wrongType;
    case 'host':
      if (typeof raw !== 'string') return wrongType;
      return { ok: true, value: raw.trim().replace(/^\[(.*)\]$/, '$1') };
    case 'path':
    case 'secret':
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
    case 'nameList':
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
function normalisePandaApiUrl(raw: string): ConvertedConfigValue {
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

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
