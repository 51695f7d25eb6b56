import type { ListShape } from './result-shapes';
import { count } from './result-size';
import { FIELDS, LIMIT, OFFSET, type ShapingOptions } from './shaping-parameters';

/** What a paged result says about its part of the list (also its `page` in structuredContent). */
export interface Page {
  /** Records in PanDA's answer. */
  total: number;
  /** Index of the first record shown. */
  offset: number;
  /** Records shown. */
  count: number;
  /** The mcp_offset of the next part, when there is one. */
  nextOffset?: number;
  /** Why the part ends before the list does: the caller's mcp_limit or the result budget. */
  cutBy?: 'limit' | 'budget';
  /** PanDA sent exactly as many as it ever sends: the full list may be longer. */
  pandaCap?: number;
  /** Named fields that no shown record has. */
  unknownFields?: string[];
  /** Strings longer than this many characters were shortened to fit. */
  shortenedTo?: number;
  /** The one record shown is a placeholder for a record of this many bytes. */
  omittedBytes?: number;
}

/** A field list to suggest, per record kind, when naming fields would fit more records in a call. */
const FIELD_EXAMPLES: Record<string, string> = {
  job: '["PandaID", "jobStatus", "computingSite"]',
  task: '["jediTaskID", "status"]',
  site: '["sitename", "status"]',
};

/**
 * The plain words of a paged result: what part of the list is shown, why it ends there, the exact call
 * for the next part, and PanDA's own silent cut. Undefined when the whole list is shown and all is well.
 */
export function pageNotice(context: {
  toolName: string;
  shape: ListShape;
  page: Page;
  options: ShapingOptions;
  budgetTokens: number;
}): string | undefined {
  const { toolName, shape, page, options, budgetTokens } = context;
  const noun = shape.noun;
  const sentences: string[] = [];
  const partial = page.offset > 0 || page.count < page.total;
  if (page.total > 0 && page.count === 0 && page.offset >= page.total) {
    sentences.push(
      `${OFFSET}=${count(options.offset)} is past the end: PanDA returned ${count(page.total)} ${noun}.`,
    );
  } else if (partial) {
    const range = `${noun} ${count(page.offset + 1)}-${count(page.offset + page.count)} of ${count(page.total)}`;
    const why =
      page.cutBy === 'budget'
        ? `; the rest did not fit in the result budget (${count(budgetTokens)} tokens)`
        : page.cutBy === 'limit'
          ? ` (${LIMIT}=${count(options.limit ?? page.count)})`
          : '';
    sentences.push(`Showing ${range}${why}.`);
  }
  if (page.nextOffset !== undefined) {
    let next = `Next part: call ${toolName} again with the same arguments and ${OFFSET}=${page.nextOffset}.`;
    const example = FIELD_EXAMPLES[shape.records];
    // only record lists take mcp_fields (FIELD_EXAMPLES has no entry for plain values)
    if (page.cutBy === 'budget' && example && options.fields.view !== 'named') {
      next += ` Naming only the fields you need (${FIELDS}: ${example}) fits more per call.`;
    }
    sentences.push(next);
  } else if (partial && page.count > 0) {
    sentences.push(
      page.pandaCap !== undefined ? "This is the last part of PanDA's answer." : 'This is the last part.',
    );
  }
  if (page.pandaCap !== undefined && shape.pandaCap) {
    sentences.push(
      `PanDA sends at most ${count(page.pandaCap)} ${noun} here and sent that many, so there may be more; to reach all of them use ${shape.pandaCap.route}.`,
    );
  }
  if (page.unknownFields?.length) {
    sentences.push(
      `No record shown has the field(s) ${page.unknownFields.slice(0, 10).join(', ')}: check the spelling (PanDA's field names are case-sensitive).`,
    );
  }
  const fewerFields = FIELD_EXAMPLES[shape.records]
    ? ` Name fewer fields with ${FIELDS} to see more of it.`
    : '';
  if (page.shortenedTo !== undefined) {
    sentences.push(
      `Its text values longer than ${count(page.shortenedTo)} characters were shortened to fit.${fewerFields}`,
    );
  }
  if (page.omittedBytes !== undefined) {
    sentences.push(
      `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${count(page.offset + 1)} is ${count(page.omittedBytes)} bytes, larger than the result budget even shortened, so only a placeholder stands for it.${fewerFields}`,
    );
  }
  return sentences.length ? sentences.join(' ') : undefined;
}

/** The words beside the leading entries of an answer that has no paging. */
export function unpagedCutNotice(toolName: string, shown: number, total: number): string {
  return (
    `Showing the first ${count(shown)} of ${count(total)} entries of ${toolName}'s answer; the rest did not fit in the result budget. ` +
    'This tool has no paging: ask PanDA for less (fewer ids, a shorter time window, a narrower selection).'
  );
}

/** The words beside the beginning of an answer (or of a whole result, e.g. an error) cut as text. */
export function plainCutNotice(
  toolName: string,
  bytes: number,
  budgetTokens: number,
  what: 'answer' | 'result' = 'answer',
): string {
  const size = `(${count(bytes)} bytes) is larger than the result budget (${count(budgetTokens)} tokens)`;
  return what === 'answer'
    ? `${toolName}'s answer ${size}: only its beginning is shown above, so it is not complete JSON. ` +
        'Ask PanDA for less (fewer ids, a shorter time window, a narrower selection).'
    : `This result of ${toolName} ${size}: only its beginning is shown above.`;
}
