// How text the caller made up (parameter names, field names, values) appears in our messages: cut, so a
// hostile name cannot make an error, a log line or a tool result large.

/** How much of a name the caller made up a problem shows. */
export const MAX_CALLER_TEXT = 100;

/** The text cut to at most `max` characters, with '...' where it was cut. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * `unknown parameter "x" (expected one of: a, b)`; `unknown parameters "x", "y" and 5 more (...)`.
 * `shownNames` are the first few unknown names, `count` all of them.
 */
export function unknownParametersProblem(
  shownNames: readonly string[],
  count: number,
  known: readonly string[],
  whenNoneKnown = 'this tool takes no parameters',
): string {
  const expected = known.length > 0 ? `expected one of: ${known.join(', ')}` : whenNoneKnown;
  const names = shownNames.map((n) => `"${shorten(n, MAX_CALLER_TEXT)}"`).join(', ');
  const more = count > shownNames.length ? ` and ${count - shownNames.length} more` : '';
  return `unknown parameter${count === 1 ? '' : 's'} ${names}${more} (${expected})`;
}
