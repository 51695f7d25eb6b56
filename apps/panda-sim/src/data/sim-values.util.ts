/** Small deterministic value helpers shared by the seed and the large-task generator. */

/** mulberry32: a tiny seeded generator, so sizes and timings are the same on every start. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A GUID-shaped, stable identifier of file k of a job. */
export function guidOf(pandaId: number, k: number): string {
  const hex = (pandaId * 31 + k * 7919).toString(16).padStart(12, '0').slice(-12);
  return `${pad(k, 8)}-a1b2-4c3d-8e9f-${hex}`.toUpperCase();
}

/** An adler32-looking checksum of file k of a job. */
export function checksumOf(pandaId: number, k: number): string {
  return ((pandaId * 2654435761 + k * 40503) >>> 0).toString(16).padStart(8, '0');
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
