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

/** The sentence telling the agent what the call needs. */
export function accessSentence(access: EndpointAccess): string {
  if (!access.secure && !access.productionRole && !access.taskOwnerOrProduction) {
    return 'PanDA does not require authentication for this call.';
  }
  let sentence = "Requires a PanDA ID token (sent by the agent's client)";
  if (access.productionRole) sentence += '; production role of the VO required';
  sentence += '.';
  if (access.taskOwnerOrProduction) sentence += " Only the task's owner or a production manager may do this.";
  return sentence;
}

/** Summary, description and access sentence, as one text for the agent. */
export function toolDescription(summary: string, description: string, access: EndpointAccess): string {
  const paragraphs: string[] = [];
  const body = description.trim();
  const head = summary.trim();
  if (head && !body.toLowerCase().startsWith(head.replace(/\.$/, '').toLowerCase())) {
    paragraphs.push(/[.!?]$/.test(head) ? head : `${head}.`);
  }
  if (body) paragraphs.push(body);
  paragraphs.push(accessSentence(access));
  return paragraphs.join('\n\n');
}

/** The parameter's description for the input schema, with its default mentioned. */
export function parameterDescription(parameter: EndpointParameter): string {
  const text = parameter.description.trim();
  if (!parameter.hasDefault) return text;
  const note =
    parameter.default === null
      ? "Optional; leave it out (or null) for PanDA's default."
      : `Default: ${JSON.stringify(parameter.default)}.`;
  // The description may already say what the default is ("(default false)", "Default is False.").
  if (/\bdefaults?\b/i.test(text)) return text;
  return text ? `${/[.!?]$/.test(text) ? text : `${text}.`} ${note}` : note;
}
