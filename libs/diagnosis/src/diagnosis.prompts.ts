import type { GetPromptResult, Prompt } from '@modelcontextprotocol/server';
import { checkArguments } from './own-tool';
import { QUEUE_NAME } from './site-overview.tool';

type Rendered = { ok: true; result: GetPromptResult } | { ok: false; problem: string };

/** A prompt for a common question: its listing, and its message for the given arguments (or a problem). */
export interface PanDAPrompt {
  listing: Prompt;
  render(args: Record<string, string | undefined>): Rendered;
}

/** The prompt's message: the user asking the question. */
function userAsks(title: string, text: string): Rendered {
  return {
    ok: true,
    result: { description: title, messages: [{ role: 'user', content: { type: 'text', text } }] },
  };
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
      return userAsks(title, ask(id));
    },
  };
}

/** A prompt with no required argument; `site` (optional) must look like a queue name when given. */
function overviewPrompt(
  name: string,
  title: string,
  described: string,
  ask: (site: string | undefined) => string,
  withSite: boolean,
): PanDAPrompt {
  return {
    listing: {
      name,
      title,
      description: described,
      ...(withSite
        ? {
            arguments: [
              { name: 'site', description: 'A PanDA queue; none for the worst ones.', required: false },
            ],
          }
        : {}),
    },
    render(args) {
      const site = args.site?.trim() || undefined;
      const checked = checkArguments(site === undefined ? {} : { site }, { site: QUEUE_NAME });
      return checked.ok ? userAsks(title, ask(site)) : { ok: false, problem: checked.problems.join('; ') };
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
  overviewPrompt(
    'my_tasks_overview',
    'How are my tasks doing?',
    'Summarise your PanDA tasks of the last week and point at those needing attention.',
    () =>
      'How are my PanDA tasks doing? Call task_overview, say in a few lines how many tasks are in which ' +
      'state, name the ones that stopped or fail often, and diagnose the worst with task_diagnose.',
    false,
  ),
  overviewPrompt(
    'queue_health',
    'Is this queue healthy?',
    'Judge the health of a PanDA queue (site), or find the queues that fail most.',
    (site) =>
      site
        ? `Is PanDA queue ${site} healthy? Call site_overview with site ${site}, compare its failed fraction ` +
          'with the others, and say what stands out.'
        : 'Which PanDA queues fail most right now? Call site_overview and explain the worst few.',
    true,
  ),
];
