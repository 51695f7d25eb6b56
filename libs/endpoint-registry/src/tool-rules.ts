import type { EndpointAccess, EndpointParameter, HttpMethod, ToolAnnotations } from './endpoint.types';

/** Function names (or their first words) of actions that end or discard work. */
const DESTRUCTIVE = [
  'kill',
  'kill_unfinished_jobs',
  'finish',
  'avalanche',
  'retire',
  'delete',
  'reassign', // kills the running jobs and starts over elsewhere
  'set_user_secrets', // overwrites the stored secret
];
/** Function names (or their first words) of actions that change nothing more when repeated. */
const IDEMPOTENT = ['pause', 'resume', 'release', 'set', 'change', 'enable', 'disable'];
/** POST functions that only fetch. */
const FETCHING = ['get', 'download'];

function startsWithWord(functionName: string, word: string): boolean {
  return functionName === word || functionName.startsWith(`${word}_`);
}

/** "task", "kill_unfinished_jobs" -> "Task: kill unfinished jobs" */
export function humanTitle(module: string, functionName: string): string {
  const words = module.replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}: ${functionName.replace(/_/g, ' ')}`;
}

/** Tool annotations by rule, for documents without x-panda-annotations. */
export function annotationsByRule(module: string, functionName: string, method: HttpMethod): ToolAnnotations {
  const readOnly = method === 'GET' || FETCHING.some((w) => startsWithWord(functionName, w));
  const destructive = !readOnly && DESTRUCTIVE.some((w) => startsWithWord(functionName, w));
  const idempotent = readOnly || IDEMPOTENT.some((w) => startsWithWord(functionName, w));
  return {
    title: humanTitle(module, functionName),
    readOnlyHint: readOnly,
    destructiveHint: destructive,
    idempotentHint: idempotent,
    openWorldHint: true,
  };
}

/**
 * Access checks by rule, for foreign documents without x-panda-access: the words PanDA's own descriptions
 * use ("Requires a secure connection and production role", "task owner").
 */
export function accessFromText(text: string): EndpointAccess {
  const words = text.toLowerCase().replace(/\s+/g, ' ');
  const taskOwnerOrProduction = /task owner|owner of the task|own tasks?\b/.test(words);
  return {
    secure: words.includes('secure connection'),
    // "without a production role to retry own tasks and with a production role for others' tasks" is the owner rule
    productionRole: words.includes('production role') && !taskOwnerOrProduction,
    taskOwnerOrProduction,
  };
}

/**
 * The short note on who may make the call, for choosing and explaining the tool: the role it needs, or that
 * it needs no token at all. Nothing for calls that only need the token (most of them): the agent's client
 * sends it, so the agent has nothing to decide.
 */
export function accessSentence(access: EndpointAccess): string {
  if (access.taskOwnerOrProduction) return 'Task owner or production role only.';
  if (access.productionRole) return 'Production role only.';
  if (!access.secure) return 'No token needed.';
  return '';
}

/**
 * Summary, description and access note, as one text for the agent: the summary on the first line (what
 * listings show), then the description and the note on one line.
 */
export function toolDescription(summary: string, description: string, access: EndpointAccess): string {
  const body = description.trim();
  const head = summary.trim();
  const lines: string[] = [];
  if (head && !body.toLowerCase().startsWith(head.replace(/\.$/, '').toLowerCase())) {
    lines.push(/[.!?]$/.test(head) ? head : `${head}.`);
  }
  const note = accessSentence(access);
  const rest =
    body && note && !/[.!?]$/.test(body) ? `${body}. ${note}` : [body, note].filter(Boolean).join(' ');
  if (rest) lines.push(rest);
  return lines.join('\n');
}

/**
 * The parameter's description for the input schema. The schema itself carries the type, whether null is
 * accepted and the default, so the text does not repeat them.
 */
export function parameterDescription(parameter: EndpointParameter): string {
  return parameter.description.trim();
}
