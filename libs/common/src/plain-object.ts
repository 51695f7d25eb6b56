/** A JSON object (not null, not an array): the one check for "is this a record of named values". */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
