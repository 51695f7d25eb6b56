import { isPlainObject } from '@panda-mcp/common';
import * as ini from 'ini';
import { ConfigFileAccess } from './config-file-access';
import { formatConfigProblem } from './config-problem.formatter';
import { normaliseIniSyntax } from './ini-syntax.normaliser';
import {
  DEFAULT_PANDA_HOME,
  defaultPandaServerCfg,
  pandaServerConfigJson,
} from './panda-mcp-config.defaults';

/** The `mcp` settings found in one config file. */
export interface ConfigFileSection {
  /** E.g. `panda_server.cfg (/opt/panda/etc/panda/panda_server.cfg) [mcp]`. */
  label: string;
  /** Source text for one key, e.g. `... [mcp] transport`. */
  describe(key: string): string;
  values: Record<string, unknown>;
}

/** Everything the configuration is built from, as read. */
export interface ConfigSources {
  /** The value of an environment variable, trimmed; undefined when it is not set or blank. */
  envValue(name: string): string | undefined;
  /** PANDA_HOME, or its default. */
  pandaHome: string;
  /** The files' `mcp` settings, highest precedence first: panda_server_config.json, then panda_server.cfg. */
  sections: ConfigFileSection[];
  /** Files that exist but cannot be used, and a PANDA_SERVER_CFG naming a missing file. */
  problems: string[];
}

/**
 * Reads the environment, the `mcp` object of `$PANDA_HOME/etc/config_json/panda_server_config.json` and
 * the `[mcp]` section of panda_server.cfg (PANDA_SERVER_CFG, or `$PANDA_HOME/etc/panda/panda_server.cfg`).
 * A missing file is no problem, except when PANDA_SERVER_CFG names it.
 */
export function readConfigSources(env: NodeJS.ProcessEnv, fs: ConfigFileAccess): ConfigSources {
  const envValue = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const problems: string[] = [];
  const pandaHome = envValue('PANDA_HOME') ?? DEFAULT_PANDA_HOME;
  const jsonSection = readJsonSection(fs, pandaServerConfigJson(pandaHome), problems);
  const cfgFromEnv = envValue('PANDA_SERVER_CFG');
  const iniSection = readIniSection(fs, cfgFromEnv ?? defaultPandaServerCfg(pandaHome), cfgFromEnv, problems);
  const sections = [jsonSection, iniSection].filter((s): s is ConfigFileSection => s !== undefined);
  return { envValue, pandaHome, sections, problems };
}

function readJsonSection(
  fs: ConfigFileAccess,
  file: string,
  problems: string[],
): ConfigFileSection | undefined {
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
  if (!isPlainObject(doc)) {
    problems.push(`${label}: must hold a JSON object`);
    return undefined;
  }
  const mcp = Object.prototype.hasOwnProperty.call(doc, 'mcp') ? doc.mcp : undefined;
  if (mcp === undefined || mcp === null) return undefined;
  if (!isPlainObject(mcp)) {
    problems.push(
      formatConfigProblem('mcp', 'must be a JSON object of settings', { source: `${label} mcp`, raw: mcp }),
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
): ConfigFileSection | undefined {
  const label = `panda_server.cfg (${file})`;
  if (!fs.exists(file)) {
    if (fromEnv !== undefined) {
      problems.push(
        formatConfigProblem('PANDA_SERVER_CFG', 'no such file', {
          source: 'env PANDA_SERVER_CFG',
          raw: file,
        }),
      );
    }
    return undefined;
  }
  const text = readFile(fs, file, label, problems);
  if (text === undefined) return undefined;
  const { text: normalised, badLines } = normaliseIniSyntax(text, 'mcp');
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
  if (!isPlainObject(section)) return undefined;
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
