/**
 * JediTaskSpec's status groups, which decide whether a task command is accepted, and the messages
 * PanDA answers a command with.
 */
export type TaskCommand =
  'kill' | 'finish' | 'retry' | 'incexec' | 'reassign' | 'pause' | 'resume' | 'avalanche' | 'release';

/** Commands that complete later (JEDI acts on them), after PANDA_SIM_COMMAND_DELAY. */
export type DelayedTaskCommand = 'kill' | 'finish' | 'retry' | 'incexec' | 'reassign';

export const REJECT_EXTERNAL_CHANGE = [
  'finished',
  'done',
  'prepared',
  'broken',
  'tobroken',
  'aborted',
  'toabort',
  'aborting',
  'failed',
  'passed',
];
export const STATUS_TO_RETRY = ['finished', 'failed', 'aborted', 'exhausted'];
export const STATUS_TO_INCEXEC = ['done', ...STATUS_TO_RETRY];
export const STATUS_TO_REASSIGN = [
  'registered',
  'defined',
  'ready',
  'running',
  'scouting',
  'scouted',
  'pending',
  'assigning',
  'exhausted',
];
export const STATUS_NOT_TO_PAUSE = ['finished', 'failed', 'done', 'aborted', 'broken', 'paused'];
/** Active statuses in which a retry only resubmits the failed jobs (PanDA's return code 5). */
export const RETRY_WHILE_ACTIVE = ['running', 'scouting', 'pending', 'throttled'];
/** Kill codes with which a production role may kill analysis jobs. */
export const PROD_KILL_CODES_FOR_USER_JOBS = ['2', '4', '7', '8', '9', '91', '60'];
/** Kill codes that cancel a running job at once instead of waiting for its pilot. */
export const IMMEDIATE_KILL_CODES = [9, 52, 99];

export const ACCEPTED = 'command is registered. will be executed in a few minutes';

export function rejectedMessage(command: TaskCommand, status: string): string {
  return `Command rejected: the ${command} command is not accepted if the task is in ${status} status`;
}
