/**
 * What a destructive PanDA call does and what of it cannot be taken back, in words for the person asked
 * to confirm it. Keyed by tool name; tools not named here get the general sentence.
 */
const EFFECTS: Readonly<Record<string, string>> = {
  task_kill:
    'PanDA aborts the task and kills every job of it that has not finished. The work those jobs were doing is lost ' +
    'and cannot be recovered (a later retry starts new jobs).',
  task_kill_unfinished_jobs:
    'PanDA kills every job of the task that has not finished; the task itself stays. The work those jobs were ' +
    'doing is lost and cannot be recovered.',
  task_finish:
    'PanDA ends the task with the output it has: no new jobs start, and unless soft is set the jobs still running ' +
    'are killed and their work is lost. This cannot be undone.',
  task_avalanche:
    'PanDA ends the scouting phase of the task and releases all of its jobs at once. This cannot be undone.',
  task_reassign:
    "PanDA moves the task to another site, cloud or nucleus: the task's running jobs are killed and run again " +
    'there, so the work they had done is lost.',
  task_reassign_global_share:
    'PanDA moves the tasks to another global share; with reassign_running_jobs their running jobs are killed and ' +
    'run again, so the work they had done is lost.',
  job_kill: 'PanDA kills the jobs. The work they were doing is lost and cannot be recovered.',
  job_reassign: 'PanDA kills the jobs and runs them again elsewhere; the work they had done is lost.',
  credential_management_set_user_secrets:
    'PanDA overwrites the stored value of this key; the old value cannot be recovered.',
  file_server_delete_cache_file: 'PanDA deletes the file from its cache; it cannot be restored.',
  file_server_delete_hpo_checkpoint: 'PanDA deletes the checkpoint file; it cannot be restored.',
  data_carousel_retire_unused:
    'PanDA retires the staging request and removes its data-management rules and replicas. This cannot be undone.',
};

/** Arguments a confirmation question must not quote (they hold secrets). */
const HIDDEN_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  credential_management_set_user_secrets: ['value'],
};

/** The names of a tool's arguments that a question shows only as hidden. */
export function hiddenArguments(toolName: string): readonly string[] {
  return HIDDEN_ARGUMENTS[toolName] ?? [];
}

/** The effect of a destructive tool, for its confirmation question. */
export function destructiveEffect(toolName: string): string {
  return (
    EFFECTS[toolName] ??
    'PanDA marks this call as one that ends or discards work: what it does may not be undoable.'
  );
}
