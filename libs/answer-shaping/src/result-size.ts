/**
 * The result budget counts a token as 4 bytes of the serialized CallToolResult: what the agent's client
 * receives, with every content block and structuredContent, JSON string escapes included.
 */
export const BYTES_PER_TOKEN = 4;

export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null');
}

/** What `value` adds to the result inside a text block: its JSON, escaped once more as a JSON string. */
export function textByteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(value) ?? 'null')) - 2;
}

/** Compact JSON: an answer is serialized once, and whitespace would only cost the agent tokens. */
export function renderJson(data: unknown): string {
  if (typeof data === 'string') return data;
  return JSON.stringify(data) ?? 'null';
}

/** "20,000": numbers in notices, as people read them. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The longest prefix of `text` whose escaped JSON form fits in `bytes` (binary search over characters;
 * never splits a surrogate pair).
 */
export function prefixFitting(text: string, bytes: number): string {
  if (textByteSize(text) <= bytes) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (textByteSize(text.slice(0, mid)) <= bytes) low = mid;
    else high = mid - 1;
  }
  let end = low;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

/** The value with every string longer than `max` characters shortened, saying by how much. */
export function withShortStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') {
    return value.length > max
      ? `${value.slice(0, max)}… [${count(value.length - max)} more characters]`
      : value;
  }
  if (Array.isArray(value)) return value.map((v) => withShortStrings(v, max));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withShortStrings(v, max);
    return out;
  }
  return value;
}
