/**
 * Clicks that each ask the server for something to draw: answers can come back in any order, so only the
 * newest click's answer may be drawn. `next()` marks a new click and returns the check its answer makes
 * before drawing (still the newest?).
 */
export function newestClick(): { next(): () => boolean } {
  let newest = 0;
  return {
    next() {
      const mine = ++newest;
      return () => mine === newest;
    },
  };
}
