/** What one bench run is: quick or full, with profiles or not, its counts, targets, deadline and log. */

export const QUICK = process.env.BENCH_QUICK === '1';
export const PROFILE = process.env.BENCH_PROFILE === '1';
/** `BENCH_CASES=answers`: only the answer-size case (8), e.g. while working on result shaping. */
export const ONLY_ANSWERS = process.env.BENCH_CASES === 'answers';

export const SETTINGS = QUICK
  ? {
      connections: 16,
      warmupS: 1,
      rounds: 3,
      roundS: 2,
      sessionCounts: [200, 1_000],
      statelessWarmup: 2_000,
      statelessCalls: 10_000,
      startupRuns: 2,
      deadlineS: 300,
    }
  : {
      connections: 16,
      warmupS: 3,
      // At least 5: every ratio shown is the median of the per-round ratios.
      rounds: 5,
      roundS: 10,
      sessionCounts: [1_000, 10_000],
      statelessWarmup: 10_000,
      statelessCalls: 100_000,
      startupRuns: 5,
      deadlineS: 1_200,
    };

export const TARGETS = {
  sessionThroughputVsFloor: 0.75,
  sessionP99VsFloor: 2.0,
  statelessVsSession: 0.8,
  /** 2025-era calls served statelessly (session_mode = stateless) against the session path. */
  legacyStatelessVsSession: 0.8,
  /** Tracing on, every call sampled and exported, costs at most 15% of the session path's throughput. */
  tracedVsSession: 0.85,
  heapPerSessionBytes: 20 * 1024,
  statelessHeapGrowth: 0.05,
  startupMs: 1_500,
  /** Every tool result within the default result budget (20,000 tokens of 4 bytes). */
  resultBytes: 80_000,
  /** tools/list of the default endpoint list, our own tools included. */
  defaultToolsListBytes: 30 * 1024,
  /** Time per job may grow at most this much from a task 5x smaller (cost no worse than linear). */
  perJobTimeGrowth: 1.5,
  /** panda-mcp's peak RSS while answering all of them (the shipped pod limit). */
  answersPeakRssBytes: 512 * 1024 * 1024,
  /** The task dashboard view's one HTML file (MCP Apps). */
  viewHtmlBytes: 300 * 1024,
  /** Its first render in Chromium, from the view's document start to the drawn dashboard. */
  viewFirstRenderMs: 1_000,
};

export const startedAt = Date.now();
export const deadline = startedAt + SETTINGS.deadlineS * 1000;

export function log(message: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

export function checkDeadline(what: string): void {
  if (Date.now() > deadline)
    throw new Error(`bench deadline (${SETTINGS.deadlineS} s) passed during ${what}`);
}
