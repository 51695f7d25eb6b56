import { JobFailure } from './job-record.builder';

/**
 * Why jobs of the large tasks (5000, 5001, 5002) fail: two dominant causes and a long tail across the
 * pilot, the payload (exe/transExitCode), DDM, the job dispatcher and the supervisor. Diagnostics
 * carry the volatile parts real ones have (paths with PandaIDs, sizes, hosts, GUIDs, times), so
 * that grouping by a normalised diagnostic has work to do. The wording is the sim's own.
 */
export interface FailureContext {
  pandaId: number;
  lfn: string;
  /** Worker node the job ran on. */
  host: string;
  batchId: string;
  guid: string;
  /** When the job ended, ms since the epoch. */
  endedAt: number;
  /** A seeded draw in [0, 1), for the numbers inside a diagnostic. */
  random: () => number;
}

export interface FailureGroup {
  /** Stable name, for tests and docs. */
  id: string;
  weight: number;
  /** Queue where most of these failures happen (a broken site), if any. */
  hotQueue?: string;
  failure(c: FailureContext): JobFailure;
}

const workDir = (c: FailureContext) => `/srv/workDir/PanDA_Pilot-${c.pandaId}`;
const between = (c: FailureContext, low: number, high: number) => Math.round(low + c.random() * (high - low));
const hex = (c: FailureContext, digits: number) =>
  Math.floor(c.random() * 16 ** Math.min(digits, 12))
    .toString(16)
    .padStart(digits, '0');
/** A datetime as PanDA prints one in diagnostics (naive UTC, space separated). */
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const clean = { exeErrorCode: 0, exeErrorDiag: '', transExitCode: 0 };

export const LARGE_TASK_FAILURES: readonly FailureGroup[] = [
  {
    id: 'athena-missing-container',
    weight: 36,
    failure: (c) => ({
      pilotErrorCode: 1305,
      pilotErrorDiag: `Failed to execute payload:Non-zero return code from athena (65), see ${workDir(c)}/payload.stdout`,
      exeErrorCode: 65,
      exeErrorDiag: `Non-zero return code from athena (65); ERROR: cannot find container 'AnalysisJets' in ${workDir(c)}/${c.lfn}`,
      transExitCode: 65,
    }),
  },
  {
    id: 'stage-in-checksum',
    weight: 22,
    hotQueue: 'ANALY_FZK',
    failure: (c) => ({
      pilotErrorCode: 1099,
      pilotErrorDiag: `Failed to stage-in file: rucio download of mc23_13p6TeV:${c.lfn} from FZK-LCG2_DATADISK failed: adler32 mismatch (local ${hex(c, 8)}, expected ${hex(c, 8)})`,
      ...clean,
    }),
  },
  {
    id: 'memory-limit',
    weight: 12,
    failure: (c) => ({
      pilotErrorCode: 1235,
      pilotErrorDiag: `Payload exceeded maximum allowed memory: maxPSS ${between(c, 2100, 5200)} MB > 2000 MB per core on ${c.host}`,
      exeErrorCode: 137,
      exeErrorDiag: 'Killed by signal 9 (SIGKILL) after exceeding the memory limit',
      transExitCode: 137,
    }),
  },
  {
    id: 'looping',
    weight: 7,
    failure: (c) => ({
      pilotErrorCode: 1150,
      pilotErrorDiag: `Looping job killed by pilot: no output file modified for ${between(c, 7200, 9000)} s (last: ${workDir(c)}/output.root)`,
      ...clean,
    }),
  },
  {
    id: 'adder-registration',
    weight: 6,
    hotQueue: 'ANALY_BNL',
    failure: (c) => ({
      pilotErrorCode: 0,
      pilotErrorDiag: '',
      ...clean,
      ddmErrorCode: 200,
      ddmErrorDiag: `Adder: rucio replica registration at BNL-OSG2_SCRATCHDISK failed for GUID ${c.guid}: ReplicaConflict after ${between(c, 3, 9)} attempts`,
    }),
  },
  {
    id: 'batch-time-limit',
    weight: 5,
    failure: (c) => ({
      pilotErrorCode: 1213,
      pilotErrorDiag: `Reached batch system time limit: batch job ${c.batchId} on ${c.host} killed after ${between(c, 10800, 11400)} s`,
      ...clean,
    }),
  },
  {
    id: 'lost-heartbeat',
    weight: 4,
    failure: (c) => ({
      pilotErrorCode: 0,
      pilotErrorDiag: '',
      ...clean,
      jobDispatcherErrorCode: 100,
      jobDispatcherErrorDiag: `lost heartbeat : ${stamp(c.endedAt - between(c, 7200, 10800) * 1000)}`,
    }),
  },
  {
    id: 'worker-done',
    weight: 3,
    hotQueue: 'ANALY_TRIUMF',
    failure: (c) => ({
      pilotErrorCode: 0,
      pilotErrorDiag: '',
      ...clean,
      supErrorCode: 2,
      supErrorDiag: `worker already finished at ${stamp(c.endedAt)} with batch exit code ${between(c, 1, 3) === 1 ? 271 : 143} for ${c.batchId}`,
    }),
  },
  {
    id: 'segfault',
    weight: 2,
    failure: (c) => ({
      pilotErrorCode: 1305,
      pilotErrorDiag: 'Failed to execute payload:Athena core dump',
      exeErrorCode: 8,
      exeErrorDiag: `Athena core dump: segmentation violation in JetCalibTool at 0x7f${hex(c, 10)}`,
      transExitCode: 68,
    }),
  },
  {
    id: 'frontier-unavailable',
    weight: 1.5,
    failure: (c) => ({
      pilotErrorCode: 1324,
      pilotErrorDiag: `Service not available at the moment: frontier squid ${c.host.replace(/^wn/, 'squid')}:3128 refused the connection`,
      ...clean,
    }),
  },
  {
    id: 'remote-open',
    weight: 1,
    failure: (c) => ({
      pilotErrorCode: 1361,
      pilotErrorDiag: `Remote file could not be opened: root://xrootd.example:1094//atlas/rucio/mc23_13p6TeV/${hex(c, 2)}/${hex(c, 2)}/${c.lfn}`,
      ...clean,
    }),
  },
  {
    id: 'no-local-space',
    weight: 1,
    failure: (c) => ({
      pilotErrorCode: 1098,
      pilotErrorDiag: `Not enough local space: ${between(c, 200, 1900)} MB free in ${workDir(c)}, 5000 MB required`,
      ...clean,
    }),
  },
  {
    id: 'sigterm',
    weight: 0.5,
    failure: (c) => ({
      pilotErrorCode: 1201,
      pilotErrorDiag: `Job killed by signal 15 (SIGTERM) from the batch system on ${c.host}`,
      ...clean,
    }),
  },
];

const TOTAL_WEIGHT = LARGE_TASK_FAILURES.reduce((sum, g) => sum + g.weight, 0);

/** The failure group a draw in [0, 1) falls into. */
export function failureGroupAt(u: number): number {
  let left = u * TOTAL_WEIGHT;
  for (let i = 0; i < LARGE_TASK_FAILURES.length; i++) {
    left -= LARGE_TASK_FAILURES[i].weight;
    if (left < 0) return i;
  }
  return LARGE_TASK_FAILURES.length - 1;
}
