import { PANDA_JOB_DESCRIPTION_CAP, textBlock as text } from '@panda-mcp/answer-shaping';
import { normaliseDiagnostic } from './diagnostic-normaliser';
import type { ErrorCatalogue } from './error-catalogue';
import { errorCodeOf } from './error-code.value';
import { errorsSet } from './failure-groups';
import {
  checkArguments,
  OwnParameter,
  OwnTool,
  OwnToolContext,
  failedJobsOf,
  outcomeProblem,
  ownAnswer,
  PandaCaller,
} from './own-tool';

const DIAG_LENGTH = 160;

/**
 * `task_failed_jobs`: a page of a task's failed jobs, optionally of one failure group (the error field and
 * code task_diagnose names). One task_get_job_descriptions call (unsuccessful_only) with the caller's
 * credentials; the task dashboard view calls it when a failure group is clicked.
 */
export function taskFailedJobsTool(catalogue: ErrorCatalogue): OwnTool {
  const fields = catalogue.groupingFields();
  const parameters: Record<string, OwnParameter> = {
    task_id: { kind: 'integer', required: true, min: 0, max: Number.MAX_SAFE_INTEGER },
    error_field: { kind: 'string', oneOf: fields.map((f) => f.codeField) },
    limit: { kind: 'integer', min: 1, max: 50 },
    offset: { kind: 'integer', min: 0, max: PANDA_JOB_DESCRIPTION_CAP },
  };
  return {
    listing: {
      name: 'task_failed_jobs',
      title: "List a task's failed jobs",
      description:
        "A page of a task's failed jobs (PandaID, site, end time, attempt, diagnostic), optionally only one " +
        'failure group as task_diagnose names it (error_field and code, e.g. pilotErrorCode 1305). ' +
        "panda-mcp's own: one task_get_job_descriptions call (unsuccessful_only).",
      inputSchema: {
        type: 'object',
        properties: {
          task_id: { type: 'integer' },
          error_field: { type: 'string', enum: fields.map((f) => f.codeField) },
          code: { type: ['integer', 'string'] },
          limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
          offset: { type: 'integer', minimum: 0, default: 0 },
        },
        required: ['task_id'],
      },
      annotations: { readOnlyHint: true },
    },
    check(args) {
      // a code is an integer, or one of the few words PanDA sets: checked here, the rest by checkArguments
      const { code, ...rest } = (
        args !== null && typeof args === 'object' && !Array.isArray(args) ? args : {}
      ) as Record<string, unknown>;
      const plain = args !== null && typeof args === 'object' && !Array.isArray(args);
      const checked = checkArguments(plain ? rest : args, parameters);
      const problems = checked.ok ? [] : [...checked.problems];
      const codeOk =
        code === undefined ||
        (typeof code === 'number' && Number.isSafeInteger(code)) ||
        (typeof code === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(code));
      if (!codeOk)
        problems.push(
          `code must be an integer or a short word (an error code), got ${JSON.stringify(code)?.slice(0, 40)}`,
        );
      if ((rest.error_field === undefined) !== (code === undefined)) {
        problems.push('error_field and code go together: give both (one failure group) or neither');
      }
      if (problems.length || !checked.ok) return { ok: false, problems };
      return { ok: true, args: code === undefined ? checked.args : { ...checked.args, code } };
    },
    async run(args, panda: PandaCaller, context: OwnToolContext = {}) {
      const taskId = args.task_id as number;
      const field = args.error_field as string | undefined;
      // numeric strings read as numbers, as when the groups were made
      const code = args.code === undefined ? undefined : errorCodeOf(args.code);
      const limit = (args.limit as number | undefined) ?? 20;
      const offset = (args.offset as number | undefined) ?? 0;
      const jobs = await panda.call('task_get_job_descriptions', {
        task_id: taskId,
        unsuccessful_only: true,
      });
      if (jobs.kind !== 'ok' || !Array.isArray(jobs.data)) {
        return {
          isError: true,
          content: [
            text(
              `Cannot list the failed jobs of task ${taskId}: ${outcomeProblem('task_get_job_descriptions', jobs)}`,
            ),
          ],
        };
      }
      // each failed job with its first error (its group), worked out once
      const matching = failedJobsOf(jobs.data)
        .map((job) => ({ job, first: errorsSet(job, fields)[0] }))
        .filter(
          ({ first }) => field === undefined || (first?.field.codeField === field && first.code === code),
        );
      const page = matching.slice(offset, offset + limit).map(({ job, first }) => {
        const diag = first?.field.diagField ? normaliseDiagnostic(job[first.field.diagField]) : '';
        return {
          PandaID: job.PandaID,
          computingSite: job.computingSite,
          ended: job.endTime ?? job.modificationTime,
          attemptNr: job.attemptNr,
          ...(first ? { error: `${first.field.codeField} ${first.code}` } : {}),
          ...(diag ? { diagnostic: diag.slice(0, DIAG_LENGTH) } : {}),
        };
      });
      const group = field === undefined ? undefined : { error_field: field, code };
      const notes: string[] = [];
      if (jobs.data.length >= PANDA_JOB_DESCRIPTION_CAP) {
        notes.push(
          `PanDA sends at most ${PANDA_JOB_DESCRIPTION_CAP} unsuccessful jobs of a task: the list is from those`,
        );
      }
      const more = offset + page.length < matching.length;
      const body = {
        task_id: taskId,
        ...(group ? { group } : {}),
        matched: matching.length,
        offset,
        jobs: page,
        ...(notes.length ? { notes } : {}),
        ...(more
          ? {
              next: [
                `task_failed_jobs ${JSON.stringify({ task_id: taskId, ...(group ?? {}), limit, offset: offset + page.length })} for the next ${Math.min(limit, matching.length - offset - page.length)}`,
              ],
            }
          : {}),
      };
      // the dashboard view reads the page as data; an agent reads the text alone
      return ownAnswer(body, context);
    },
  };
}
