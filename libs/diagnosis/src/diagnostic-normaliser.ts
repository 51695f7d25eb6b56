/**
 * A job's diagnostic with its volatile parts (ids, paths, hosts, numbers, times) replaced by placeholders,
 * so that the same failure on 1,000 jobs reads as one text: "cannot open /srv/workDir/PanDA_Pilot-7000000005
 * /x.root on wn629.example" and the same on another job both become "cannot open <path> on <host>".
 */

/** Longest normalised diagnostic kept: the start says what failed; the rest is usually a stack or a log. */
export const MAX_NORMALISED_LENGTH = 240;

/** Applied in order: the more specific patterns first, so that a GUID is not read as numbers. */
const VOLATILE: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<guid>'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'",;)\]]+/gi, '<url>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\b/g, '<time>'],
  [/\b\d{1,2}:\d{2}:\d{2}\b/g, '<time>'],
  // absolute paths, and relative ones with at least two parts (a/b/c.root)
  [/(?:\/[\w.+@%=~-]+){2,}\/?|\b[\w.+-]+(?:\/[\w.+-]+){2,}/g, '<path>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // checksums and ids: 8+ hex digits with at least one digit and one letter (not a word such as "deadbeef")
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // host names: three or more dot-separated labels, not only digits (those are numbers or IPs below)
  [/\b(?=[\w-]*[a-z])[a-z0-9-]+(?:\.[a-z0-9-]+){2,}\b/gi, '<host>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '<ip>'],
  // numbers, also inside names ("_000034"), but not a word's digits ("adler32", "tid3810")
  [/(?<![a-z0-9])[-+]?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?(?![a-z])/gi, '<n>'],
];

/** The diagnostic as a grouping key: volatile parts replaced, blanks collapsed, cut to a readable length. */
export function normaliseDiagnostic(diagnostic: unknown): string {
  if (diagnostic === null || diagnostic === undefined) return '';
  let text = String(diagnostic).slice(0, 4 * MAX_NORMALISED_LENGTH);
  for (const [pattern, placeholder] of VOLATILE) text = text.replace(pattern, placeholder);
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX_NORMALISED_LENGTH ? `${text.slice(0, MAX_NORMALISED_LENGTH - 1)}…` : text;
}
