/** PanDA's job states, grouped the way the server's queries group them. */
export const FINAL_JOB_STATES = ['finished', 'failed', 'cancelled', 'closed'];
export const RUNNING_JOB_STATES = ['sent', 'starting', 'running', 'holding', 'transferring'];
export const QUEUED_JOB_STATES = ['pending', 'defined', 'assigned', 'activated', 'waiting', 'throttled'];
