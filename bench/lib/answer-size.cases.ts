/**
 * Answer-size case (8): what the common task tools cost an agent, before (PanDA's raw answer) and after
 * (panda-mcp's result), for tasks of growing size; the time to answer; panda-mcp's peak RSS; and the size
 * of tools/list for the default list and for every endpoint.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { request } from './http';
import { REPO_ROOT } from './processes';
import { checkDeadline, log } from './run.settings';
import { Service, startMcp } from './services';
import { measureTaskDashboard, ViewResults } from './view.cases';

/** Task id -> jobs: panda-sim's task 1001 and its two large generated tasks. */
export const TASK_SIZES: ReadonlyArray<{ taskId: number; jobs: number }> = [
  { taskId: 1001, jobs: 14 },
  { taskId: 5002, jobs: 1_000 },
  { taskId: 5000, jobs: 20_000 },
  { taskId: 5001, jobs: 100_000 },
];

/** The tools an agent calls first on a task, with the REST path PanDA answers them on. */
const TASK_TOOLS: ReadonlyArray<{
  tool: string;
  path: string;
  args?: Record<string, unknown>;
  rawQuery?: string;
}> = [
  { tool: 'task_get_job_descriptions', path: '/task/get_job_descriptions' },
  { tool: 'task_get_job_ids', path: '/task/get_job_ids' },
  { tool: 'task_get_details', path: '/task/get_details' },
  { tool: 'task_get_datasets_and_files', path: '/task/get_datasets_and_files' },
  { tool: 'task_get_detailed_info', path: '/task/get_detailed_info' },
  // panda-mcp's own: its raw reference is the biggest answer it reads (the unsuccessful jobs)
  {
    tool: 'task_diagnose',
    path: '/task/get_job_descriptions',
    args: {},
    rawQuery: '&unsuccessful_only=true',
  },
];

export const DEFAULT_BUDGET_TOKENS = 20_000;
const BYTES_PER_TOKEN = 4;
const REPEATS = 3;

export interface AnswerSizeRow {
  tool: string;
  taskId: number;
  jobs: number;
  rawBytes: number;
  resultBytes: number;
  /** Median over REPEATS of the time to the tool result, ms. */
  ms: number;
  cut: boolean;
}

export interface AnswerSizeResults {
  rows: AnswerSizeRow[];
  /** VmHWM of the panda-mcp that answered them all. */
  peakRssBytes: number;
  toolsListBytes: { defaultList: number; fullList: number; defaultTools: number; fullTools: number };
  /** The task dashboard view: its HTML and its first render. */
  view: ViewResults;
}

function simToken(stateDir: string): string {
  return execFileSync(
    process.execPath,
    ['dist/apps/panda-sim/src/token.js', '--user', 'alice', '--vo', 'atlas', '--ttl', '3600'],
    { cwd: REPO_ROOT, env: { ...process.env, PANDA_SIM_STATE_DIR: stateDir }, encoding: 'utf8' },
  ).trim();
}

function peakRss(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'bench-answers', version: '1.0.0' });
  const headers = { Authorization: `Bearer ${token}`, Origin: 'atlas' };
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function runAnswerSizeCases(
  sim: Service & { stateDir: string },
  fullListFile: string,
): Promise<AnswerSizeResults> {
  const token = simToken(sim.stateDir);
  const mcp = await startMcp('panda-mcp-answers', sim.url);
  const full = await startMcp('panda-mcp-answers-full', sim.url, {
    PANDA_MCP_ENDPOINT_LIST_FILE: fullListFile,
  });
  const rows: AnswerSizeRow[] = [];
  const client = await connect(mcp.url, token);
  const fullClient = await connect(full.url, token);
  try {
    const defaultTools = (await client.listTools()).tools;
    const fullTools = (await fullClient.listTools()).tools;
    const toolsListBytes = {
      defaultList: Buffer.byteLength(JSON.stringify({ tools: defaultTools })),
      fullList: Buffer.byteLength(JSON.stringify({ tools: fullTools })),
      defaultTools: defaultTools.length,
      fullTools: fullTools.length,
    };
    for (const { taskId, jobs } of TASK_SIZES) {
      for (const { tool, path, args, rawQuery } of TASK_TOOLS) {
        checkDeadline(`answer sizes (${tool} on ${taskId})`);
        const raw = await request(`${sim.url}${path}?task_id=${taskId}${rawQuery ?? ''}`, {
          headers: { authorization: `Bearer ${token}`, origin: 'atlas', accept: 'application/json' },
          timeoutMs: 120_000,
        });
        const times: number[] = [];
        let resultBytes = 0;
        let cut = false;
        for (let i = 0; i < REPEATS; i++) {
          const started = performance.now();
          const result = await client.callTool({ name: tool, arguments: { task_id: taskId, ...args } });
          times.push(performance.now() - started);
          resultBytes = Buffer.byteLength(JSON.stringify(result));
          cut =
            JSON.stringify(result).includes('nextOffset') || JSON.stringify(result).includes('did not fit');
        }
        rows.push({
          tool,
          taskId,
          jobs,
          rawBytes: Buffer.byteLength(raw.body),
          resultBytes,
          ms: medianOf(times),
          cut,
        });
        log(
          `${tool} task ${taskId}: raw ${raw.body.length} B -> ${resultBytes} B in ${medianOf(times).toFixed(0)} ms`,
        );
      }
    }
    const peakRssBytes = peakRss(mcp.process.child.pid);
    checkDeadline('answer sizes (the task dashboard view)');
    const view = await measureTaskDashboard(mcp.url, token);
    log(
      `task dashboard view: ${view.htmlBytes} B` +
        (view.firstRenderMs !== undefined
          ? `, first render ${view.firstRenderMs.toFixed(0)} ms`
          : `; ${view.skipped}`),
    );
    return { rows, peakRssBytes, toolsListBytes, view };
  } finally {
    await client.close();
    await fullClient.close();
    await mcp.process.stop();
    await full.process.stop();
  }
}

export const RESULT_BUDGET_BYTES = DEFAULT_BUDGET_TOKENS * BYTES_PER_TOKEN;
