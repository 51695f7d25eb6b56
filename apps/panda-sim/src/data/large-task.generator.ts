import { dnFromClaims } from '../auth/panda-identity.util';
import { SimUser } from '../identity/sim-users.data';
import { batchIdOf, JobShape, TaskShape, workerNodeOf } from './job-record.builder';
import { failureGroupAt, LARGE_TASK_FAILURES } from './large-failures.data';
import { SIM_QUEUES, SimQueue } from './sim-sites.data';
import { DAY, guidOf, HOUR, MINUTE, pad, seededRandom } from './sim-values.util';

/**
 * Tasks 5000, 5001 and 5002: alice's large (and one mid-sized) analysis tasks. Each job is a pure function of (task, index),
 * so nothing but a few bytes per job (see LargeTaskJobs) is held in memory.
 */
export interface LargeTaskPlan {
  taskId: number;
  jobCount: number;
  /** PandaIDs of the generated jobs are pandaIdBase + 1 .. pandaIdBase + jobCount. */
  pandaIdBase: number;
  /** Jobs are created over the task's age, which ends at the sim's start. */
  ageDays: number;
  seed: number;
  dsid: number;
  physics: string;
  label: string;
  inputTid: number;
}

/** New attempts made by a retry get pandaIdBase + RETRY_ID_OFFSET + 1, + 2, ... */
export const RETRY_ID_OFFSET = 50_000_000;

export const LARGE_TASK_PLANS: readonly LargeTaskPlan[] = [
  {
    taskId: 5000,
    jobCount: 20_000,
    pandaIdBase: 7_000_000_000,
    ageDays: 3,
    seed: 500_017,
    dsid: 700320,
    physics: 'Sh_2211_Zee_maxHTpTV2_BFilter',
    label: 'Zee_fullrun',
    inputTid: 38_100_000,
  },
  {
    taskId: 5001,
    jobCount: 100_000,
    pandaIdBase: 7_100_000_000,
    ageDays: 6,
    seed: 500_117,
    dsid: 801165,
    physics: 'Py8EG_A14NNPDF23LO_jj_JZ0',
    label: 'dijet_fullrun',
    inputTid: 38_200_000,
  },
  {
    // a mid-sized task, so that benchmarks see how costs grow from 1,000 to 100,000 jobs
    taskId: 5002,
    jobCount: 1_000,
    pandaIdBase: 7_200_000_000,
    ageDays: 1,
    seed: 500_217,
    dsid: 700321,
    physics: 'Sh_2211_Zmumu_maxHTpTV2_BFilter',
    label: 'Zmumu_small',
    inputTid: 38_300_000,
  },
];

/** Job states the large tasks use, in the order of their one-byte codes. */
export const LARGE_JOB_STATES = [
  'defined',
  'assigned',
  'activated',
  'sent',
  'starting',
  'running',
  'holding',
  'transferring',
  'finished',
  'failed',
  'cancelled',
  'closed',
] as const;
export const STATE_CODE = new Map<string, number>(LARGE_JOB_STATES.map((s, i) => [s, i]));

/** Share of the jobs (the oldest) that already ended; the newest ones are still in flight. */
const ENDED_SHARE = 0.85;
/** [state, cumulative probability] for the older and the newer jobs. */
const OLD_MIX: [string, number][] = [
  ['finished', 0.895],
  ['failed', 0.995],
  ['cancelled', 0.9985],
  ['closed', 1],
];
const NEW_MIX: [string, number][] = [
  ['running', 0.4],
  ['starting', 0.44],
  ['sent', 0.47],
  ['activated', 0.69],
  ['assigned', 0.73],
  ['defined', 0.77],
  ['holding', 0.8],
  ['transferring', 0.83],
  ['finished', 0.95],
  ['failed', 1],
];
const QUEUED = new Set(['defined', 'assigned', 'activated']);
const FINAL = new Set(['finished', 'failed', 'cancelled', 'closed']);
const QUEUE_MIX: [string, number][] = [
  ['ANALY_CERN', 0.34],
  ['ANALY_BNL', 0.62],
  ['ANALY_TRIUMF', 0.8],
  ['ANALY_FZK', 1],
];

/** Everything about a generated job, as plain numbers (times in ms since the epoch). */
export interface LargeJobPlan {
  status: string;
  queue: SimQueue;
  created: number;
  started: number | null;
  ended: number | null;
  modified: number;
  /** Index into LARGE_TASK_FAILURES, -1 when the job did not fail. */
  failure: number;
  attemptNr: number;
  inSize: number;
  cpu: number;
  maxRss: number | null;
}

function pick(mix: [string, number][], u: number): string {
  return (mix.find(([, p]) => u < p) ?? mix[mix.length - 1])[0];
}

function queueNamed(name: string): SimQueue {
  const queue = SIM_QUEUES.find((q) => q.queue === name);
  if (!queue) throw new Error(`panda-sim: queue ${name} missing`);
  return queue;
}

export class LargeTaskGenerator {
  readonly shape: TaskShape;
  readonly createdAt: number;
  readonly maxAttempt = 3;

  constructor(
    readonly plan: LargeTaskPlan,
    readonly user: SimUser,
    private readonly t0: number,
  ) {
    this.createdAt = t0 - plan.ageDays * DAY;
    const { taskId, dsid, physics, label, inputTid } = plan;
    const name = user.username;
    const datasetId = (k: number) => taskId * 100 + k;
    this.shape = {
      taskId,
      index: taskId - 1001,
      user,
      ownerDn: dnFromClaims({ name: user.name, preferred_username: user.username }),
      managed: false,
      step: { processingType: 'deriv', step: 'deriv', out: 'root', inType: 'DAOD_PHYS', tag: 'p6026' },
      taskName: `user.${name}.${dsid}.${label}.v1/`,
      scope: `user.${name}`,
      inputDataset: `mc23_13p6TeV:mc23_13p6TeV.${dsid}.${physics}.deriv.DAOD_PHYS.e8514_s4162_r14622_p6026_tid${inputTid}_00`,
      outputDataset: `user.${name}:user.${name}.${taskId}.${label}._output.root`,
      logDataset: `user.${name}:user.${name}.${taskId}.log`,
      release: 'AnalysisBase/24.2.35',
      architecture: 'x86_64-el9-gcc13-opt',
      eventsPerFile: 20000,
      inputLfn: (n) => `DAOD_PHYS.${inputTid}._${pad(n, 6)}.pool.root.1`,
      outputLfn: (n) => `user.${name}.${taskId}._${pad(n, 6)}.output.root`,
      logLfn: (n) => `user.${name}.${taskId}._${pad(n, 6)}.log.tgz`,
      // a million files per dataset, so fileIDs of the three datasets never overlap
      fileId: (k, n) => datasetId(k) * 1_000_000 + n,
      datasetId,
    };
  }

  pandaIdOf(k: number): number {
    return this.plan.pandaIdBase + k + 1;
  }

  /** Input file size of job k, drawn on its own so dataset listings need not plan whole jobs. */
  inputSizeOf(k: number): number {
    return Math.round(1.5e9 + seededRandom(this.plan.seed * 31 + k)() * 1.5e9);
  }

  /** Job k (0-based): its state, queue, times and failure; the same on every start. */
  planJob(k: number): LargeJobPlan {
    const r = seededRandom(this.plan.seed + k * 7919);
    const lifetime = this.plan.ageDays * DAY;
    const f = k / this.plan.jobCount;
    const created = this.createdAt + 15 * MINUTE + f * (lifetime - 4 * HOUR) + r() * 20 * MINUTE;
    const recent = f >= ENDED_SHARE;
    const status = pick(recent ? NEW_MIX : OLD_MIX, r());
    const failure = status === 'failed' ? failureGroupAt(r()) : -1;
    const hot = failure >= 0 ? LARGE_TASK_FAILURES[failure].hotQueue : undefined;
    const queue = queueNamed(hot && r() < 0.85 ? hot : pick(QUEUE_MIX, r()));
    const wait = (10 + r() * 110) * MINUTE;
    const runtime = (20 + r() * 300) * MINUTE;
    let started: number | null = null;
    let ended: number | null = null;
    let modified: number;
    if (FINAL.has(status)) {
      // the newest jobs that already ended did so in the last three hours, some in the last hour
      ended = recent
        ? this.t0 - (2 + r() * 178) * MINUTE
        : Math.min(created + wait + runtime, this.t0 - 3 * HOUR);
      const cancelledEarly = (status === 'cancelled' || status === 'closed') && r() < 0.5;
      started = cancelledEarly
        ? null
        : Math.max(created + MINUTE, Math.min(created + wait, ended - 10 * MINUTE));
      modified = ended;
    } else {
      if (!QUEUED.has(status) && status !== 'sent') started = Math.min(created + wait, this.t0 - 5 * MINUTE);
      modified = this.t0 - (1 + r() * 40) * MINUTE;
    }
    const a = r();
    const attemptNr =
      status === 'failed' ? (a < 0.45 ? 1 : a < 0.8 ? 2 : 3) : status === 'finished' && a < 0.08 ? 2 : 1;
    return {
      status,
      queue,
      created,
      started,
      ended,
      modified,
      failure,
      attemptNr,
      inSize: this.inputSizeOf(k),
      cpu: started ? Math.round(3600 + r() * 20000) : 0,
      maxRss: started ? Math.round(1.2e6 + r() * 1e6) : null,
    };
  }

  /** The builder's view of job k, failure diagnostics included. */
  jobShape(k: number, p: LargeJobPlan): JobShape {
    const n = k + 1;
    const pandaId = this.pandaIdOf(k);
    const host = workerNodeOf(p.queue, k);
    const group = p.failure >= 0 ? LARGE_TASK_FAILURES[p.failure] : undefined;
    return {
      n,
      j: k,
      pandaId,
      queue: p.queue,
      jobStatus: p.status,
      created: new Date(p.created),
      started: p.started === null ? null : new Date(p.started),
      ended: p.ended === null ? null : new Date(p.ended),
      modified: new Date(p.modified),
      failure: group?.failure({
        pandaId,
        lfn: this.shape.inputLfn(n),
        host,
        batchId: batchIdOf(this.shape.index, k),
        guid: guidOf(pandaId, 2),
        endedAt: p.ended ?? p.modified,
        random: seededRandom(this.plan.seed ^ pandaId),
      }),
      attemptNr: p.attemptNr,
      maxAttempt: this.maxAttempt,
      inSize: p.inSize,
      outSize: Math.round(p.inSize * 0.02),
      cpu: p.cpu,
      maxRss: p.maxRss,
      currentPriority: 1000,
      host,
    };
  }
}
