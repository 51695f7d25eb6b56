import type { CallToolResult } from '@modelcontextprotocol/server';

/** A text content block. */
export function textBlock(value: string): CallToolResult['content'][number] {
  return { type: 'text', text: value };
}

/**
 * The result budget counts a token as 4 bytes of the serialized CallToolResult: what the agent's client
 * receives, with every content block and structuredContent, JSON string escapes included.
 */
export const BYTES_PER_TOKEN = 4;

export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null');
}

/** The bytes `text` takes as the body of a JSON string: itself, plus what its escapes add. */
export function escapedByteSize(text: string): number {
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x5c) extra += 1;
    else if (code < 0x20)
      extra += code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 1 : 5;
    else if (code >= 0xd800 && code <= 0xdfff) {
      // a well-formed pair is 4 UTF-8 bytes either way; a lone surrogate becomes \uXXXX (6 bytes, not 3)
      const pair =
        code <= 0xdbff
          ? i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff
          : i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
      if (!pair) extra += 3;
    }
  }
  return Buffer.byteLength(text) + extra;
}

/**
 * What `value` adds to the result inside a text block: its JSON, escaped once more as a JSON string.
 * Counted without building the escaped copy (the value may be a 50 MB answer).
 */
export function textByteSize(value: unknown): number {
  return escapedByteSize(JSON.stringify(value) ?? 'null');
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
export function prefixFitting(whole: string, bytes: number): string {
  // every character takes at least one byte, so only the first `bytes` characters can fit
  const text = whole.length > bytes ? whole.slice(0, Math.max(0, bytes)) : whole;
  if (text.length === whole.length && escapedByteSize(text) <= bytes) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (escapedByteSize(text.slice(0, mid)) <= bytes) low = mid;
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
    // fromEntries keeps a "__proto__" key a key
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withShortStrings(v, max)]));
  }
  return value;
}
