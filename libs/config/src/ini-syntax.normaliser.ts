export interface NormalisedIni {
  /** The text in the syntax of the `ini` package. */
  text: string;
  /** 1-based numbers of the lines in the section asked for that are not `key = value`. */
  badLines: number[];
}

/**
 * Brings Python configparser syntax to what the `ini` package reads: `key: value` becomes `key = value`,
 * indented continuation lines are joined to their key's value (with a space), and section headers are
 * trimmed. Also finds the lines of `[section]` that are not `key = value`.
 */
export function normaliseIniSyntax(text: string, section: string): NormalisedIni {
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
