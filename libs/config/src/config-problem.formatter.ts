/** Where a value came from and what it was before conversion. */
export interface ConfigValueOrigin {
  /** E.g. `env PANDA_MCP_TRANSPORT`, `panda_server.cfg (/opt/panda/etc/panda/panda_server.cfg) [mcp] port`. */
  source: string;
  raw: unknown;
  /** Replaces `raw` in messages when the raw value must not be shown in full. */
  shown?: string;
}

/** Most characters of a value (or key) that a message quotes. */
const MAX_SHOWN = 100;

/** One problem line: `<key>: <what>; got "<value>" from <source>`. */
export function formatConfigProblem(key: string, what: string, origin: ConfigValueOrigin): string {
  const shown = origin.shown ?? showValue(origin.raw);
  return `${key}: ${what}; got "${shown}" from ${origin.source}`;
}

/** Text fit for a log line: control characters replaced by `?`, cut after MAX_SHOWN characters. */
export function clipForMessage(text: string): string {
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > MAX_SHOWN ? `${printable.slice(0, MAX_SHOWN)}...` : printable;
}

function showValue(raw: unknown): string {
  if (typeof raw === 'string') return clipForMessage(raw);
  if (raw === undefined) return '';
  return clipForMessage(JSON.stringify(raw) ?? String(raw));
}
