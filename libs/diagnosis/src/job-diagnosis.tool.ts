import { textBlock as text } from '@panda-mcp/answer-shaping';
import type { ErrorCatalogue } from './error-catalogue';
import { checkIdArguments, OwnTool, outcomeProblem, PandaCaller } from './own-tool';

const JOB_FIELDS = [
  'PandaID',
  'jediTaskID',
  'jobStatus',
  'jobSubStatus',
  'computingSite',
  'attemptNr',
  'maxAttempt',
  'creationTime',
  'startTime',
  'endTime',
  'modificationTime',
  'prodUserName',
  'commandToPilot',
];

/**
 * `job_diagnose`: what is wrong with one job. One PanDA call with the caller's credentials
 * (job_get_description_incl_archive), then every error field that is set, with its meaning.
 */
export function jobDiagnosisTool(catalogue: ErrorCatalogue): OwnTool {
  return {
    listing: {
      name: 'job_diagnose',
      title: 'Diagnose a job',
      description:
        "One job's state, site, attempt and every error set, with its meaning and what helps. " +
        "panda-mcp's own: one job_get_description_incl_archive call.",
      inputSchema: { type: 'object', properties: { panda_id: { type: 'integer' } }, required: ['panda_id'] },
      annotations: { readOnlyHint: true },
    },
    check: (args) => checkIdArguments(args, ['panda_id']),
    async run(args, panda: PandaCaller) {
      const pandaId = args.panda_id as number;
      const answer = await panda.call('job_get_description_incl_archive', { job_ids: [pandaId] });
      if (answer.kind !== 'ok') {
        return {
          isError: true,
          content: [
            text(
              `Cannot diagnose job ${pandaId}: ${outcomeProblem('job_get_description_incl_archive', answer)}`,
            ),
          ],
        };
      }
      const job = Array.isArray(answer.data) ? (answer.data[0] as Record<string, unknown> | null) : null;
      if (!job || typeof job !== 'object') {
        return {
          isError: true,
          content: [text(`PanDA knows no job ${pandaId} (neither active nor archived)`)],
        };
      }
      const state: Record<string, unknown> = {};
      for (const field of JOB_FIELDS) {
        if (job[field] !== undefined && job[field] !== null && job[field] !== '' && job[field] !== 'NULL')
          state[field] = job[field];
      }
      const errors = catalogue.groupingFields().flatMap((field) => {
        const found = catalogue.lookup(
          field.codeField,
          job[field.codeField] as number | string | null,
          field.diagField ? String(job[field.diagField] ?? '') : undefined,
        );
        if (!found) return [];
        const diag = field.diagField ? job[field.diagField] : undefined;
        return [
          {
            field: field.codeField,
            code: found.code,
            ...(found.known
              ? { name: found.name, meaning: found.meaning, hint: found.hint }
              : { meaning: 'not in the catalogue (unknown, not guessed)' }),
            ...(typeof diag === 'string' && diag && diag !== 'NULL'
              ? { diagnostic: diag.slice(0, 1000) }
              : {}),
          },
        ];
      });
      const next = [
        `task_diagnose with task_id ${String(job.jediTaskID)} (whether this failure is common in the task)`,
        `job_get_description_incl_archive {"job_ids": [${pandaId}], "mcp_fields": ["*"]} for the whole record`,
      ];
      const body = { job: state, errors, next };
      return { content: [text(JSON.stringify(body))] };
    },
  };
}
