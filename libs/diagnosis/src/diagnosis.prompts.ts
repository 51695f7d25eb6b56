import type { GetPromptResult, Prompt } from '@modelcontextprotocol/server';

/** A prompt for a common question: its listing, and its message for the given arguments (or a problem). */
export interface PanDAPrompt {
  listing: Prompt;
  render(
    args: Record<string, string | undefined>,
  ): { ok: true; result: GetPromptResult } | { ok: false; problem: string };
}

function idPrompt(
  name: string,
  title: string,
  argument: string,
  described: string,
  ask: (id: string) => string,
): PanDAPrompt {
  return {
    listing: {
      name,
      title,
      description: described,
      arguments: [
        {
          name: argument,
          description: `The ${argument === 'task_id' ? 'jediTaskID' : 'PandaID'}.`,
          required: true,
        },
      ],
    },
    render(args) {
      const id = args[argument]?.trim() ?? '';
      if (!/^\d{1,15}$/.test(id))
        return {
          ok: false,
          problem: `${argument} must be a number (digits only), got ${JSON.stringify(args[argument] ?? null)}`,
        };
      return {
        ok: true,
        result: {
          description: title,
          messages: [{ role: 'user', content: { type: 'text', text: ask(id) } }],
        },
      };
    },
  };
}

/** The questions people ask most, as prompts that lead the agent to the diagnosis tools. */
export const DIAGNOSIS_PROMPTS: readonly PanDAPrompt[] = [
  idPrompt(
    'diagnose_task',
    'Why did my task fail?',
    'task_id',
    'Explain why the jobs of a PanDA task fail and what to do about it.',
    (id) =>
      `Why do the jobs of PanDA task ${id} fail? Call task_diagnose with task_id ${id}. Explain the largest ` +
      'failure groups in plain words (what failed, where, since when, what the code means), say what is ' +
      'likely to help for each, and call job_diagnose on an example job when a cause is unclear.',
  ),
  idPrompt(
    'diagnose_job',
    'What is wrong with this job?',
    'panda_id',
    'Explain what went wrong with one PanDA job and what to do next.',
    (id) =>
      `What is wrong with PanDA job ${id}? Call job_diagnose with panda_id ${id}, explain every error it ` +
      'reports and what is likely to help, and say whether the same failure is common in its task.',
  ),
];
