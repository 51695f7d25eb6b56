import type { CallToolResult } from '@modelcontextprotocol/server';
import { ListEntry, RecordList } from './list-window';
import { Page, pageNotice, plainCutNotice, unpagedCutNotice } from './page-notice';
import { fitRecords } from './record-fitter';
import { fieldsNoRecordHas, IDENTITY_FIELD, viewOf } from './record-views';
import {
  BYTES_PER_TOKEN,
  byteSize,
  escapedByteSize,
  prefixFitting,
  renderJson,
  textBlock,
  textByteSize,
} from './result-size';
import type { ListShape, ResultShape } from './result-shapes';
import type { ShapingOptions } from './shaping-parameters';

export interface AnswerToShape {
  toolName: string;
  data: unknown;
  /** PanDA's message beside the data ('' when none). */
  message: string;
  shape: ResultShape | undefined;
  options: ShapingOptions;
  /** The tool declares an outputSchema, so its result carries structuredContent. */
  structured: boolean;
  budgetTokens: number;
}

/** PanDA's message is one sentence; a longer one is shortened (it is not the data). */
const MAX_MESSAGE_BYTES = 2000;
/** Room kept for the numbers and words of a notice, which are written after the records are chosen. */
const NOTICE_ROOM = 600;
/** Rounds of "measure the real result, show fewer" before giving up on records (estimates are close). */
const MAX_REFITS = 6;

function withinBudget(result: CallToolResult, budget: number): boolean {
  return byteSize(result) <= budget;
}

/**
 * Turns PanDA's successful answer into a tool result of at most `budgetTokens`: compact records by default,
 * the caller's part of the list, and, when anything was left out, a notice in words and in `page` saying
 * how many there are and the exact call for the next part. A result is cut, never refused.
 */
export function shapeAnswer(answer: AnswerToShape): CallToolResult {
  const budget = answer.budgetTokens * BYTES_PER_TOKEN;
  // by escaped bytes: 2,000 control characters would be 12 KB of JSON
  const message = prefixFitting(answer.message, Math.min(MAX_MESSAGE_BYTES, Math.floor(budget / 10)));
  const shape = answer.shape;
  if (shape?.paged) {
    const list = new RecordList(answer.data, shape.list);
    if (list.found) return pagedResult(answer, shape, list, message, budget);
    // PanDA sent nothing (null), or another shape: with an output schema the result must still match it
    if (answer.structured) return unexpectedShape(answer, shape, message, budget);
  }
  const data =
    shape && !shape.paged ? viewOf(shape.records, answer.data, answer.options.fields) : answer.data;
  const rendered = renderJson(data);
  const content = [textBlock(rendered)];
  if (message) content.push(textBlock(`PanDA message: ${message}`));
  const result: CallToolResult = { content };
  // each character is at least a byte: a longer text is over the budget without serializing it again
  if (rendered.length <= budget && withinBudget(result, budget)) return result;
  return cutUnpaged(answer.toolName, data, rendered, message, budget);
}

function pagedResult(
  answer: AnswerToShape,
  shape: ListShape,
  list: RecordList,
  message: string,
  budget: number,
): CallToolResult {
  const { options, structured } = answer;
  const offset = Math.min(options.offset, list.total);
  const build = (shown: unknown[], extra: Partial<Page>): CallToolResult => {
    const page: Page = { total: list.total, offset, count: shown.length, ...extra };
    if (offset + shown.length < list.total) page.nextOffset = offset + shown.length;
    else delete page.cutBy;
    if (shape.pandaCap && list.total >= shape.pandaCap.count) page.pandaCap = shape.pandaCap.count;
    const body: Record<string, unknown> = { data: list.window(offset, shown), page };
    if (message) body.message = message;
    const notice = pageNotice({
      toolName: answer.toolName,
      shape,
      page,
      options,
      budgetTokens: answer.budgetTokens,
    });
    const content = [textBlock(JSON.stringify(body))];
    if (notice) content.push(textBlock(notice));
    return structured ? { content, structuredContent: body } : { content };
  };

  const copies = structured ? 2 : 1;
  // a record is in the text block (escaped) and, with an output schema, in structuredContent too
  const measure = (value: unknown) => {
    const json = JSON.stringify(value) ?? 'null';
    return escapedByteSize(json) + 1 + (structured ? Buffer.byteLength(json) + 1 : 0);
  };
  const frame = byteSize(build([], { cutBy: 'budget', nextOffset: list.total })) + NOTICE_ROOM;
  const fitted = fitRecords(list, {
    offset,
    limit: options.limit ?? Number.POSITIVE_INFINITY,
    room: budget - frame,
    view: (record) => viewOf(shape.records, record, options.fields),
    costOf: (viewed, entry: ListEntry) =>
      measure(viewed) + (entry.key === undefined ? 0 : copies * (escapedByteSize(entry.key) + 3)),
    containerCost: (entry) => {
      const owner = list.ownerWithoutList(entry.slot);
      return owner === undefined ? 0 : measure(owner);
    },
    identity: shape.records === 'value' ? undefined : IDENTITY_FIELD[shape.records],
  });
  let shown = fitted.shown;
  let cutBy: Page['cutBy'] = fitted.cutByBudget
    ? 'budget'
    : options.limit !== undefined
      ? 'limit'
      : undefined;
  for (let round = 0; round <= MAX_REFITS; round++) {
    const extra: Partial<Page> = cutBy ? { cutBy } : {};
    // what the notice says about the records is taken from those finally shown
    if (shown.length === 1 && fitted.shortenedTo !== undefined) extra.shortenedTo = fitted.shortenedTo;
    if (shown.length === 1 && fitted.omittedBytes !== undefined) extra.omittedBytes = fitted.omittedBytes;
    if (options.fields.view === 'named' && shown.length > 0) {
      const unknown = fieldsNoRecordHas(shown, options.fields.fields);
      if (unknown.length) extra.unknownFields = unknown;
    }
    const result = build(shown, extra);
    const size = byteSize(result);
    if (size <= budget) return result;
    if (shown.length === 0) break;
    // The estimate was short (escapes, the notice): drop about as many records as the overshoot.
    const average = Math.max(1, (size - frame) / shown.length);
    shown = shown.slice(0, Math.max(0, shown.length - Math.ceil((size - budget) / average) - 1));
    cutBy = 'budget';
  }
  return listBesideTooLarge(answer, shape, list.total, offset, message, budget);
}

/**
 * The last resort of a paged result: what PanDA sent beside the list (or a key of it) is itself larger
 * than the budget. A valid page with no records, moving on by one, and a notice saying so.
 */
function listBesideTooLarge(
  answer: AnswerToShape,
  shape: ListShape,
  total: number,
  offset: number,
  message: string,
  budget: number,
): CallToolResult {
  const page: Page = { total, offset, count: 0 };
  if (offset + 1 < total) page.nextOffset = offset + 1;
  const notice =
    `The parts of ${answer.toolName}'s answer beside its ${shape.noun} (or the key of ${shape.noun.replace(/s$/, '')} ${offset + 1}) ` +
    `are larger than the result budget, so nothing could be shown here.` +
    (page.nextOffset !== undefined ? ` The next part starts at mcp_offset=${page.nextOffset}.` : '');
  const body: Record<string, unknown> = { data: null, page };
  const content = [textBlock(JSON.stringify(body)), textBlock(notice)];
  if (message && escapedByteSize(message) < budget / 4) content.push(textBlock(`PanDA message: ${message}`));
  return answer.structured ? { content, structuredContent: body } : { content };
}

/** A tool with an output schema whose answer has no list where PanDA puts it: said, and still valid. */
function unexpectedShape(
  answer: AnswerToShape,
  shape: ListShape,
  message: string,
  budget: number,
): CallToolResult {
  if (answer.data === null || answer.data === undefined) {
    const body: Record<string, unknown> = { data: null, page: { total: 0, offset: 0, count: 0 } };
    if (message) body.message = message;
    return { content: [textBlock(JSON.stringify(body))], structuredContent: body };
  }
  const rendered = renderJson(answer.data);
  const cut = cutText(answer.toolName, rendered, message, budget - 400);
  return {
    isError: true,
    content: [
      textBlock(
        `PanDA's answer to ${answer.toolName} is not the list of ${shape.noun} it usually sends; here it is as it came:`,
      ),
      ...cut.content,
    ],
  };
}

/** An answer over the budget that has no paging: its leading entries, or the beginning of its text. */
function cutUnpaged(
  toolName: string,
  data: unknown,
  rendered: string,
  message: string,
  budget: number,
): CallToolResult {
  if (data !== null && typeof data === 'object') {
    const list = new RecordList(data, { via: [], kind: Array.isArray(data) ? 'array' : 'map' });
    if (list.total > 1) {
      const build = (shown: unknown[]) => {
        const content = [
          textBlock(renderJson(list.window(0, shown))),
          textBlock(unpagedCutNotice(toolName, shown.length, list.total)),
        ];
        if (message) content.push(textBlock(`PanDA message: ${message}`));
        return { content };
      };
      const frame = byteSize(build([])) + NOTICE_ROOM;
      const fitted = fitRecords(list, {
        offset: 0,
        limit: Number.POSITIVE_INFINITY,
        room: budget - frame,
        view: (record) => record,
        costOf: (viewed, entry) =>
          textByteSize(viewed) + 1 + (entry.key === undefined ? 0 : escapedByteSize(entry.key) + 3),
        containerCost: () => 0,
      });
      const result = build(fitted.shown);
      if (fitted.omittedBytes === undefined && withinBudget(result, budget)) return result;
    }
  }
  return cutText(toolName, rendered, message, budget);
}

/**
 * The beginning of a text that does not fit, with a notice; the last resort, it always fits.
 * `wholeBytes` is the size of what was cut, when `rendered` is already only its beginning.
 */
export function cutText(
  toolName: string,
  rendered: string,
  message: string,
  budget: number,
  wholeBytes = Buffer.byteLength(rendered),
  what: 'answer' | 'result' = 'answer',
): CallToolResult {
  const notice = plainCutNotice(toolName, wholeBytes, budget / BYTES_PER_TOKEN, what);
  const tail = [textBlock(notice), ...(message ? [textBlock(`PanDA message: ${message}`)] : [])];
  const room = budget - byteSize({ content: [textBlock(''), ...tail] }) - 16;
  return { content: [textBlock(prefixFitting(rendered, Math.max(0, room))), ...tail] };
}

/**
 * Any result (errors included) kept within the budget: one that is over it keeps the beginning of its
 * text and loses its structuredContent. Shaped answers are already within it; this guards the rest.
 */
export function resultWithinBudget(
  toolName: string,
  result: CallToolResult,
  budgetTokens: number,
): CallToolResult {
  const budget = budgetTokens * BYTES_PER_TOKEN;
  let characters = 0;
  for (const block of result.content) if (block.type === 'text') characters += block.text.length;
  // each character is at least a byte: only a result whose text could fit is serialized to measure it
  if (characters <= budget && withinBudget(result, budget)) return result;
  const parts: string[] = [];
  let taken = 0;
  for (const block of result.content) {
    if (taken > budget) break; // only the beginning can be shown: join no more than could fit
    const part = block.type === 'text' ? block.text.slice(0, budget - taken + 1) : `[${block.type}]`;
    parts.push(part);
    taken += part.length + 1;
  }
  let whole = 0; // counted in place: the text may be a 50 MB error body
  for (const block of result.content) if (block.type === 'text') whole += Buffer.byteLength(block.text);
  const cut = cutText(toolName, parts.join('\n'), '', budget, whole, 'result');
  return result.isError ? { ...cut, isError: true } : cut;
}
