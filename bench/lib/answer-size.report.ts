/** Rows and targets of the answer-size case (8), for the main table or a run of that case alone. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnswerSizeResults, RESULT_BUDGET_BYTES } from './answer-size.cases';
import { RESULTS_DIR } from './processes';
import { fmt, formatTable, Row } from './table';
import { TARGETS } from './run.settings';

export interface TargetResult {
  id: string;
  target: string;
  value: number;
  pass: boolean;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const tokens = (bytes: number) => `${Math.round(bytes / 4).toLocaleString('en-US')} tok`;

/**
 * Per-job time of each tool from one task size to the next (5x or more jobs): the largest growth, so that
 * "no worse than linear" is one number. Small tasks are skipped: fixed costs dominate them.
 */
function worstPerJobGrowth(results: AnswerSizeResults): number {
  let worst = 0;
  const tools = [...new Set(results.rows.map((r) => r.tool))];
  for (const tool of tools) {
    const rows = results.rows
      .filter((r) => r.tool === tool && r.jobs >= 1_000)
      .sort((a, b) => a.jobs - b.jobs);
    for (let i = 1; i < rows.length; i++) {
      const before = rows[i - 1].ms / rows[i - 1].jobs;
      const after = rows[i].ms / rows[i].jobs;
      worst = Math.max(worst, after / before);
    }
  }
  return worst;
}

export function answerSizeSection(results: AnswerSizeResults): { rows: Row[]; targets: TargetResult[] } {
  const largest = Math.max(...results.rows.map((r) => r.resultBytes));
  const growth = worstPerJobGrowth(results);
  const targets: TargetResult[] = [
    {
      id: 'every_result_within_budget',
      target: `<= ${RESULT_BUDGET_BYTES} bytes`,
      value: largest,
      pass: largest <= TARGETS.resultBytes,
    },
    {
      id: 'default_tools_list_size',
      target: `<= ${TARGETS.defaultToolsListBytes} bytes`,
      value: results.toolsListBytes.defaultList,
      pass: results.toolsListBytes.defaultList <= TARGETS.defaultToolsListBytes,
    },
    {
      id: 'answer_time_per_job_growth',
      target: `<= ${TARGETS.perJobTimeGrowth}x per job from a 5x smaller task`,
      value: growth,
      pass: growth <= TARGETS.perJobTimeGrowth,
    },
    {
      id: 'answers_peak_rss',
      target: `<= ${TARGETS.answersPeakRssBytes / 1048576} MiB`,
      value: results.peakRssBytes,
      pass: results.peakRssBytes <= TARGETS.answersPeakRssBytes,
    },
    {
      id: 'view_html_size',
      target: `<= ${TARGETS.viewHtmlBytes} bytes`,
      value: results.view.htmlBytes,
      pass: results.view.htmlBytes <= TARGETS.viewHtmlBytes,
    },
  ];
  if (results.view.firstRenderMs !== undefined) {
    targets.push({
      id: 'view_first_render',
      target: `<= ${TARGETS.viewFirstRenderMs} ms`,
      value: results.view.firstRenderMs,
      pass: results.view.firstRenderMs <= TARGETS.viewFirstRenderMs,
    });
  }
  const passOf = (id: string) => fmt.pass(targets.find((t) => t.id === id)!.pass);
  const rows: Row[] = results.rows.map((r) => ({
    case: `8 ${r.tool} task ${r.taskId} (${r.jobs.toLocaleString('en-US')} jobs)`,
    value: `${kb(r.resultBytes)} ${tokens(r.resultBytes)}`,
    p50: fmt.ms(r.ms),
    vs: `raw PanDA ${kb(r.rawBytes)} (${tokens(r.rawBytes)})${r.cut ? '; cut, with next part' : ''}`,
    target: `<= ${tokens(RESULT_BUDGET_BYTES)}`,
    result: fmt.pass(r.resultBytes <= TARGETS.resultBytes),
  }));
  rows.push(
    {
      case: '8 time per job, worst growth to a 5x larger task',
      value: fmt.ratio(growth),
      target: `<= ${TARGETS.perJobTimeGrowth}x`,
      result: passOf('answer_time_per_job_growth'),
    },
    {
      case: '8 panda-mcp peak RSS (VmHWM) over all of them',
      value: fmt.mib(results.peakRssBytes),
      target: `<= ${TARGETS.answersPeakRssBytes / 1048576} MiB`,
      result: passOf('answers_peak_rss'),
    },
    {
      case: `8 tools/list, default list (${results.toolsListBytes.defaultTools} tools)`,
      value: kb(results.toolsListBytes.defaultList),
      vs: tokens(results.toolsListBytes.defaultList),
      target: `<= ${kb(TARGETS.defaultToolsListBytes)}`,
      result: passOf('default_tools_list_size'),
    },
    {
      case: `8 tools/list, every endpoint (${results.toolsListBytes.fullTools} tools)`,
      value: kb(results.toolsListBytes.fullList),
      vs: tokens(results.toolsListBytes.fullList),
    },
    {
      case: '8 task dashboard view (MCP Apps), its HTML',
      value: kb(results.view.htmlBytes),
      target: `<= ${kb(TARGETS.viewHtmlBytes)}`,
      result: passOf('view_html_size'),
    },
    results.view.firstRenderMs !== undefined
      ? {
          case: '8 task dashboard view, first render in Chromium (task 5000, median of 5)',
          value: fmt.ms(results.view.firstRenderMs),
          target: `<= ${TARGETS.viewFirstRenderMs} ms`,
          result: passOf('view_first_render'),
        }
      : { case: '8 task dashboard view, first render', value: `not measured: ${results.view.skipped}` },
  );
  return { rows, targets };
}

/** `BENCH_CASES=answers`: prints case 8 alone and writes bench/results/latest-answers.json. */
export function writeAnswerOnlyReport(results: AnswerSizeResults): void {
  const { rows, targets } = answerSizeSection(results);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const out = path.join(RESULTS_DIR, 'latest-answers.json');
  fs.writeFileSync(out, JSON.stringify({ answers: results, targets }, null, 2) + '\n');
  const failed = targets.filter((t) => !t.pass);
  process.stdout.write(
    `\n${formatTable(rows)}\n\ntargets: ${targets.length - failed.length} passed, ${failed.length} failed` +
      (failed.length ? ` (${failed.map((t) => t.id).join(', ')})` : '') +
      `\nresults: ${path.relative(process.cwd(), out)}\n`,
  );
}
