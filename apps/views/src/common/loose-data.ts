/**
 * Reading a tool's structuredContent without trusting its shape: anything missing or of the wrong type
 * reads as empty, so a view draws what it can and never throws.
 */
export type Loose = Record<string, unknown>;

export const objectOf = (value: unknown): Loose =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {};
export const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const numberOf = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;
export const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');
