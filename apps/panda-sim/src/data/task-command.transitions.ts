import { TaskRecord } from './sim-records.types';
import { TaskJobs } from './task-jobs.types';
import {
  ACCEPTED,
  DelayedTaskCommand,
  REJECT_EXTERNAL_CHANGE,
  rejectedMessage,
  RETRY_WHILE_ACTIVE,
  STATUS_NOT_TO_PAUSE,
  STATUS_TO_INCEXEC,
  STATUS_TO_REASSIGN,
  STATUS_TO_RETRY,
  TaskCommand,
} from './task-command.rules';

/**
 * How a task command moves a task through its statuses: at once when it is sent, if the task's
 * status accepts it (see task-command.rules.ts), and again when JEDI completes it after
 * PANDA_SIM_COMMAND_DELAY. The store keeps the queue of pending commands and calls these.
 */

/** PanDA's answer to a task command: [return code, message]; 0 means accepted. */
export type CommandResult = [number, string];

/** An accepted command that JEDI completes at dueAt. */
export interface PendingTaskCommand {
  taskId: number;
  command: DelayedTaskCommand;
  dueAt: number;
  by: string;
  comment?: string;
}

/** What an accepted command asks of the store. */
export interface TaskCommandEffects {
  /** Queues the command's completion, PANDA_SIM_COMMAND_DELAY from now. */
  schedule(command: DelayedTaskCommand): void;
  /** New attempts of the task's failed jobs. */
  retryFailedJobs(): void;
}

/** Checks whether the task's status accepts the command, then moves the task into the command's "doing" status. */
export function startTaskCommand(
  task: TaskRecord,
  command: TaskCommand,
  now: number,
  effects: TaskCommandEffects,
): CommandResult {
  const status = task.status;
  const rejected: CommandResult = [4, rejectedMessage(command, status)];
  switch (command) {
    case 'kill':
    case 'finish':
      if (REJECT_EXTERNAL_CHANGE.includes(status)) return rejected;
      setTaskStatus(task, command === 'kill' ? 'aborting' : 'finishing', now);
      effects.schedule(command);
      break;
    case 'retry':
      if (!STATUS_TO_RETRY.includes(status)) {
        if (RETRY_WHILE_ACTIVE.includes(status)) {
          effects.retryFailedJobs();
          return [5, status];
        }
        return rejected;
      }
      setTaskStatus(task, 'toretry', now);
      effects.schedule('retry');
      break;
    case 'incexec':
      if (!STATUS_TO_INCEXEC.includes(status)) return rejected;
      setTaskStatus(task, 'toincexec', now);
      effects.schedule('incexec');
      break;
    case 'reassign':
      if (!STATUS_TO_REASSIGN.includes(status)) return rejected;
      task.oldStatus = status;
      setTaskStatus(task, 'toreassign', now);
      effects.schedule('reassign');
      break;
    case 'pause':
      if (STATUS_NOT_TO_PAUSE.includes(status)) return rejected;
      task.oldStatus = status;
      setTaskStatus(task, 'paused', now);
      break;
    case 'resume':
      if (!['paused', 'throttled', 'staging'].includes(status)) return rejected;
      setTaskStatus(task, task.oldStatus ?? 'running', now);
      task.oldStatus = null;
      break;
    case 'avalanche':
      if (status !== 'scouting') return rejected;
      setTaskStatus(task, 'running', now);
      break;
    case 'release':
      if (status !== 'staging') return rejected;
      setTaskStatus(task, 'ready', now);
      break;
  }
  return [0, ACCEPTED];
}

/** JEDI completes a command whose time has come: the task's jobs and status follow. */
export function completeTaskCommand(
  task: TaskRecord,
  jobs: TaskJobs,
  command: PendingTaskCommand,
  retryFailedJobs: () => void,
): void {
  const at = command.dueAt;
  switch (command.command) {
    case 'kill':
      jobs.abortUnfinished(at, command.by);
      task.errorDialog = `aborted by ${command.by}`;
      setTaskStatus(task, 'aborted', at, true);
      break;
    case 'finish': {
      jobs.finishUnfinished(at);
      const anyFailed = [...jobs.summaries()].some((j) => j.jobStatus === 'failed');
      setTaskStatus(task, anyFailed ? 'finished' : 'done', at, true);
      break;
    }
    case 'retry':
    case 'incexec':
      retryFailedJobs();
      task.errorDialog = null;
      task.endTime = null;
      task.frozenTime = null;
      setTaskStatus(task, 'running', at);
      break;
    case 'reassign': {
      const [kind, target] = (command.comment ?? '').split(':');
      if (kind === 'site' && target) {
        task.site = target;
        jobs.reassignQueued(target);
      } else if (kind === 'nucleus' && target) {
        task.nucleus = target;
      } else if (kind === 'cloud' && target) {
        task.cloud = target;
      }
      setTaskStatus(task, task.oldStatus ?? 'ready', at);
      task.oldStatus = null;
      break;
    }
  }
  const progress = jobs.progress();
  if (progress !== undefined) task.progress = progress;
}

/** superStatus follows status; a final status also sets endTime and frozenTime. */
function setTaskStatus(task: TaskRecord, status: string, at: number, final = false): void {
  task.status = status;
  task.modificationTime = new Date(at);
  task.stateChangeTime = new Date(at);
  task.superStatus = status;
  if (final) {
    task.endTime = new Date(at);
    task.frozenTime = new Date(at);
  }
}
