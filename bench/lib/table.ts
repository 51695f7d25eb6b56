/** The printed table: one row per measurement, and how numbers are written in it. */

/** One line of the printed table. */
export interface Row {
  case: string;
  value: string;
  p50?: string;
  p99?: string;
  errors?: string;
  cpu?: string;
  vs?: string;
  target?: string;
  result?: string;
}

const COLUMNS: Array<{ key: keyof Row; title: string; right?: boolean }> = [
  { key: 'case', title: 'case' },
  { key: 'value', title: 'value', right: true },
  { key: 'p50', title: 'p50 ms', right: true },
  { key: 'p99', title: 'p99 ms', right: true },
  { key: 'errors', title: 'errors', right: true },
  { key: 'cpu', title: 'CPU us/call', right: true },
  { key: 'vs', title: 'ratio (same run)' },
  { key: 'target', title: 'target' },
  { key: 'result', title: 'result' },
];

export function formatTable(rows: Row[]): string {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => (r[c.key] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (COLUMNS[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(COLUMNS.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of rows) out.push(line(COLUMNS.map((c) => row[c.key] ?? '')));
  return out.join('\n');
}

export const fmt = {
  rate: (v: number) => (Number.isFinite(v) ? v.toFixed(0) : 'n/a'),
  ms: (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : 'n/a'),
  ratio: (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a'),
  kib: (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`,
  mib: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  pct: (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`,
  pass: (ok: boolean) => (ok ? 'PASS' : 'FAIL'),
};

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
