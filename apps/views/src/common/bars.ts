/** Bars of a chart as numbers (pure: the models and their specs use it without a DOM). */

/** A bar of a chart: its label, the value drawn, and the text shown beside it. */
export interface Bar {
  label: string;
  value: number;
  /** 0..1 of the chart's largest value (Charts.css `--size`). */
  size: number;
  text: string;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** Bars sized against `max` (default: the largest value). */
export function bars(entries: Array<{ label: string; value: number; text?: string }>, max?: number): Bar[] {
  const top = max ?? Math.max(0, ...entries.map((e) => e.value));
  return entries.map((e) => ({
    label: e.label,
    value: e.value,
    size: top > 0 ? Math.min(1, e.value / top) : 0,
    text: e.text ?? formatCount(e.value),
  }));
}
