import { JobFailure } from './job-record.builder';

/** Failure patterns; every failed job carries one, so "why did my task fail?" has an answer. */
export const FAILURES: JobFailure[] = [
  {
    pilotErrorCode: 1305,
    pilotErrorDiag: 'Failed to execute payload:Non-zero return code from athena (65)',
    exeErrorCode: 65,
    exeErrorDiag:
      "Non-zero return code from athena (65); ERROR: cannot find container 'AnalysisElectrons' in input",
    transExitCode: 65,
  },
  {
    pilotErrorCode: 1099,
    pilotErrorDiag: 'Failed to stage-in file: rucio download failed: checksum mismatch for input file',
    exeErrorCode: 0,
    exeErrorDiag: '',
    transExitCode: 0,
    ddmErrorCode: 200,
    ddmErrorDiag: 'Could not download input file: adler32 checksum mismatch',
  },
  {
    pilotErrorCode: 1235,
    pilotErrorDiag: 'Payload exceeded memory limit: maxPSS 4210 MB > 2000 MB per core',
    exeErrorCode: 137,
    exeErrorDiag: 'Killed by signal 9 (SIGKILL): out of memory',
    transExitCode: 137,
  },
  {
    pilotErrorCode: 1150,
    pilotErrorDiag: 'Looping job killed by pilot: no output file was updated for 7200 s',
    exeErrorCode: 0,
    exeErrorDiag: '',
    transExitCode: 0,
  },
  {
    pilotErrorCode: 1137,
    pilotErrorDiag: 'Failed to stage-out file: transfer to SCRATCHDISK timed out after 3600 s',
    exeErrorCode: 0,
    exeErrorDiag: '',
    transExitCode: 0,
    ddmErrorCode: 201,
    ddmErrorDiag: 'Output file transfer failed: connection timed out',
  },
  {
    pilotErrorCode: 1305,
    pilotErrorDiag: 'Failed to execute payload:Athena core dump',
    exeErrorCode: 8,
    exeErrorDiag: 'Athena core dump: segmentation violation in algorithm JetCalibTool',
    transExitCode: 68,
  },
];

/** A task's errorDialog, by task status. */
export const TASK_ERROR_DIALOGS: Record<string, string> = {
  failed:
    'Task failed since too many jobs failed: most jobs ended with transExitCode=65 (Non-zero return code from athena)',
  broken: 'Task broken since all scout jobs failed. The first scout failed with: Failed to stage-in file',
  exhausted: 'Task exhausted: 4 input files reached the maximum number of attempts (maxAttempt)',
  aborted: 'Task aborted on request of the task owner',
  finished: 'Task finished with 2 input files failed; retry the task to process them',
};
