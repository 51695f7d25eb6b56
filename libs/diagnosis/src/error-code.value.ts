/**
 * The value of a job error field when it is set, numeric strings read as numbers; undefined when it is not
 * set (0, '0', null, '', 'NULL', 'None'). One rule for grouping failures and for looking codes up.
 */
export function errorCodeOf(value: unknown): number | string | undefined {
  if (typeof value === 'number') return value === 0 ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.toLowerCase() === 'null' || text.toLowerCase() === 'none') return undefined;
  if (!/^[+-]?\d+$/.test(text)) return value;
  const n = Number(text);
  return n === 0 ? undefined : n;
}
