/**
 * Encodes tool arguments as a PanDA GET query string: lists repeat the key (`job_ids=1&job_ids=2`),
 * booleans are `true`/`false` (PanDA casts them back), objects are JSON, null/undefined are left out
 * so that PanDA applies its default.
 */
export function encodePandaQuery(args: Record<string, unknown>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(args)) {
    if (value === null || value === undefined) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === null || item === undefined) continue;
      query.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return query;
}
