/**
 * PanDA encodes datetimes as {"__datetime__": "<ISO 8601>"}. Agents read plain strings better, so a
 * JSON.parse reviver turns each such object into its ISO string while the body is parsed.
 */
export function reviveDatetime(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '__datetime__') {
      const iso = (value as Record<string, unknown>).__datetime__;
      if (typeof iso === 'string') return iso;
    }
  }
  return value;
}

export function parsePandaJson(text: string): unknown {
  // The reviver visits every value; most answers hold no datetime at all, so look first.
  return text.includes('"__datetime__"') ? JSON.parse(text, reviveDatetime) : JSON.parse(text);
}
