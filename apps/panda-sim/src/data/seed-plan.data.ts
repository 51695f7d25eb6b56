import { ProductionStep } from './job-record.builder';

/**
 * What each seed task is: its owner, status and kind (taskPlan), the job states a task in that
 * status has, and the physics sample and production step its names are made from.
 */

export const FIRST_TASK_ID = 1001;
export const LAST_TASK_ID = 1050;

export interface TaskPlan {
  owner: 'alice' | 'bob' | 'carol';
  status: string;
  /** Analysis (user) task or production (managed) task. */
  kind: 'user' | 'managed';
}

const USER_STATUSES = [
  'running',
  'failed',
  'done',
  'finished',
  'paused',
  'exhausted',
  'broken',
  'scouting',
  'registered',
  'aborted',
];
const BOB_STATUSES = [
  'running',
  'failed',
  'done',
  'defined',
  'ready',
  'finished',
  'pending',
  'throttled',
  'exhausted',
  'aborted',
];
const PRODUCTION_STATUSES = [
  'running',
  'done',
  'running',
  'finished',
  'failed',
  'ready',
  'scouting',
  'running',
  'done',
  'broken',
  'defined',
  'registered',
  'paused',
  'exhausted',
  'running',
  'aborted',
  'done',
  'assigning',
  'finished',
  'pending',
  'running',
  'done',
  'failed',
  'scouted',
  'running',
  'prepared',
  'done',
  'throttled',
  'running',
  'topreprocess',
];

/** Task 1001 is alice's running task; 1001-1010 are alice's, 1011-1020 bob's, 1021-1050 carol's production. */
export function taskPlan(taskId: number): TaskPlan {
  const i = taskId - FIRST_TASK_ID;
  if (i < 10) return { owner: 'alice', status: USER_STATUSES[i], kind: 'user' };
  if (i < 20) return { owner: 'bob', status: BOB_STATUSES[i - 10], kind: 'user' };
  return { owner: 'carol', status: PRODUCTION_STATUSES[i - 20], kind: 'managed' };
}

/** Job states of a task in a given status, oldest job first. */
export const JOB_PLANS: Record<string, string[]> = {
  running: [
    'finished',
    'finished',
    'finished',
    'failed',
    'running',
    'running',
    'running',
    'starting',
    'sent',
    'activated',
    'assigned',
    'defined',
    'holding',
    'transferring',
  ],
  scouting: ['finished', 'running', 'starting'],
  scouted: ['finished', 'finished', 'finished'],
  throttled: ['finished', 'finished', 'activated', 'activated'],
  paused: ['finished', 'finished', 'activated', 'activated', 'defined'],
  prepared: ['finished', 'finished', 'finished', 'finished'],
  finished: ['finished', 'finished', 'finished', 'finished', 'finished', 'finished', 'failed', 'failed'],
  done: ['finished', 'finished', 'finished', 'finished', 'finished', 'finished', 'finished', 'finished'],
  failed: ['failed', 'failed', 'finished', 'failed', 'failed', 'failed'],
  exhausted: ['finished', 'failed', 'finished', 'failed', 'failed', 'failed'],
  broken: ['failed', 'failed'],
  aborted: ['finished', 'finished', 'cancelled', 'cancelled', 'closed'],
};

export const PRODUCTION_STEPS: ProductionStep[] = [
  { processingType: 'simul', step: 'simul', out: 'HITS', inType: 'EVNT', tag: 'e8514_s4162' },
  { processingType: 'evgen', step: 'evgen', out: 'EVNT', inType: 'TXT', tag: 'e8514' },
  { processingType: 'pile', step: 'recon', out: 'AOD', inType: 'HITS', tag: 'e8514_s4162_r14622' },
  {
    processingType: 'deriv',
    step: 'deriv',
    out: 'DAOD_PHYS',
    inType: 'AOD',
    tag: 'e8514_s4162_r14622_p6026',
  },
];
export const PHYSICS = [
  { dsid: 601229, name: 'PhPy8EG_A14_ttbar_hdamp258p75_SingleLep' },
  { dsid: 700320, name: 'Sh_2211_Zee_maxHTpTV2_BFilter' },
  { dsid: 801165, name: 'Py8EG_A14NNPDF23LO_jj_JZ0' },
  { dsid: 512345, name: 'MGPy8EG_A14N23LO_SlepSlep_direct_300p0_1p0' },
];

/** PandaIDs of a task's seed jobs: 6500000000 + (task - 1000) * 100 + n. */
export function seedPandaId(taskId: number, n: number): number {
  return 6_500_000_000 + (taskId - 1000) * 100 + n;
}
