import type { CallToolResult } from '@modelcontextprotocol/server';
import { RecordList } from './list-window';
import { Page, pageNotice, plainCutNotice, unpagedCutNotice } from './page-notice';
import { fitRecords } from './record-fitter';
import { fieldsNoRecordHas, viewOf } from './record-views';
import {
  BYTES_PER_TOKEN,
  byteSize,
  escapedByteSize,
  prefixFitting,
  renderJson,
  textByteSize,
} from './result-size';
import type { ListShape, RecordKind, ResultShape } from './result-shapes';
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
const MAX_MESSAGE = 2000;
/** Room kept for the numbers and words of a notice, which are written after the records are chosen. */
const NOTICE_ROOM = 600;
/** Rounds of "measure the real result, show fewer" before giving up on records (estimates are close). */
const MAX_REFITS = 6;

function text(value: string): CallToolResult['content'][number] {
  return { type: 'text', text: value };
}

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
  const message =
    answer.message.length > MAX_MESSAGE ? `${answer.message.slice(0, MAX_MESSAGE)}…` : answer.message;
  const shape = answer.shape;
  if (shape?.paged) {
    const list = new RecordList(answer.data, shape.list);
    if (list.found) return pagedResult(answer, shape, list, message, budget);
  }
  const data =
    shape && !shape.paged ? viewOf(shape.records, answer.data, answer.options.fields) : answer.data;
  const rendered = renderJson(data);
  const content = [text(rendered)];
  if (message) content.push(text(`PanDA message: ${message}`));
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
  const kind: RecordKind = shape.records;
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
    const content = [text(JSON.stringify(body))];
    if (notice) content.push(text(notice));
    return structured ? { content, structuredContent: body } : { content };
  };

  const frame = byteSize(build([], { cutBy: 'budget', nextOffset: list.total })) + NOTICE_ROOM;
  // a record is in the text block (escaped) and, with an output schema, in structuredContent too
  const costOf = (viewed: unknown) => {
    const json = JSON.stringify(viewed) ?? 'null';
    return escapedByteSize(json) + 1 + (structured ? Buffer.byteLength(json) + 1 : 0);
  };
  const fitted = fitRecords(list, {
    offset,
    limit: options.limit ?? Number.POSITIVE_INFINITY,
    room: budget - frame,
    view: (record) => viewOf(kind, record, options.fields),
    costOf,
  });
  const extra: Partial<Page> = {};
  if (fitted.shortenedTo !== undefined) extra.shortenedTo = fitted.shortenedTo;
  if (options.fields.view === 'named') {
    const unknown = fieldsNoRecordHas(fitted.shown, options.fields.fields);
    if (unknown.length && fitted.shown.length) extra.unknownFields = unknown;
  }
  let shown = fitted.shown;
  let cutBy: Page['cutBy'] = fitted.cutByBudget
    ? 'budget'
    : options.limit !== undefined
      ? 'limit'
      : undefined;
  for (let round = 0; round <= MAX_REFITS; round++) {
    const result = build(shown, cutBy ? { ...extra, cutBy } : extra);
    const size = byteSize(result);
    if (size <= budget) return result;
    if (shown.length === 0) break;
    // The estimate was short (escapes, the notice): drop about as many records as the overshoot.
    const average = Math.max(1, (size - frame) / shown.length);
    shown = shown.slice(0, Math.max(0, shown.length - Math.ceil((size - budget) / average) - 1));
    cutBy = 'budget';
  }
  return cutUnpaged(answer.toolName, answer.data, renderJson(answer.data), message, budget);
}

/** An answer over the budget that has no paging: its leading entries, or the beginning of its text. */
function cutUnpaged(
  toolName: string,
  data: unknown,
  rendered: string,
  message: string,
  budget: number,
): CallToolResult {
  const isList = Array.isArray(data) || (data !== null && typeof data === 'object');
  if (isList) {
    const list = new RecordList(data, { via: [], kind: Array.isArray(data) ? 'array' : 'map' });
    if (list.total > 1) {
      const build = (shown: unknown[]) => {
        const content = [
          text(renderJson(list.window(0, shown))),
          text(unpagedCutNotice(toolName, shown.length, list.total)),
        ];
        if (message) content.push(text(`PanDA message: ${message}`));
        return { content };
      };
      const frame = byteSize(build([])) + NOTICE_ROOM;
      const fitted = fitRecords(list, {
        offset: 0,
        limit: Number.POSITIVE_INFINITY,
        room: budget - frame,
        view: (record) => record,
        costOf: (viewed) => textByteSize(viewed) + 1,
      });
      const result = build(fitted.shown);
      if (fitted.shown.length > 0 && withinBudget(result, budget)) return result;
    }
  }
  return cutText(toolName, rendered, message, budget);
}

/** The beginning of a text that does not fit, with a notice; the last resort, it always fits. */
export function cutText(toolName: string, rendered: string, message: string, budget: number): CallToolResult {
  const notice = plainCutNotice(toolName, Buffer.byteLength(rendered), budget / BYTES_PER_TOKEN);
  const tail = [text(notice), ...(message ? [text(`PanDA message: ${message.slice(0, MAX_MESSAGE)}`)] : [])];
  const room = budget - byteSize({ content: [text(''), ...tail] }) - 16;
  return { content: [text(prefixFitting(rendered, Math.max(0, room))), ...tail] };
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
  for (const block of result.content) characters += block.type === 'text' ? block.text.length : 0;
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
  const cut = cutText(toolName, parts.join('\n'), '', budget);
  return result.isError ? { ...cut, isError: true } : cut;
}
