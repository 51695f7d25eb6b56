import { parse } from 'yaml';
import { parseApiSpec } from './api-spec.loader';
import { endpointParameterFromPython } from './python-annotation.schema';
import {
  accessFromText,
  accessSentence,
  annotationsByRule,
  humanTitle,
  parameterDescription,
  toolDescription,
} from './tool-rules';

/** A foreign document (no x-panda-* extensions): the annotations come from the rules. */
const FOREIGN = parse(`
swagger: '2.0'
basePath: /api
paths:
${[
  ['get', 'task', 'get_status'],
  ['post', 'credential_management', 'get_user_secrets'],
  ['post', 'file_server', 'download_jedi_log'],
  ['post', 'credential_management', 'set_user_secrets'],
  ['post', 'task', 'kill'],
  ['post', 'task', 'kill_unfinished_jobs'],
  ['post', 'task', 'finish'],
  ['post', 'task', 'avalanche'],
  ['post', 'data_carousel', 'retire_unused'],
  ['post', 'file_server', 'delete_cache_file'],
  ['post', 'task', 'reassign'],
  ['post', 'job', 'reassign'],
  ['post', 'task', 'pause'],
  ['post', 'task', 'resume'],
  ['post', 'task', 'release'],
  ['post', 'job', 'set_command'],
  ['post', 'task', 'change_priority'],
  ['post', 'task', 'enable_jumbo_jobs'],
  ['post', 'task', 'disable_job_cloning'],
  ['post', 'harvester', 'acquire_commands'],
  ['post', 'task', 'submit'],
  ['post', 'task', 'retry'],
]
  .map(
    ([method, module, fn]) =>
      `  /v1/${module === 'credential_management' ? 'creds' : module}/${fn}:\n    ${method}: { tags: [${module}] }`,
  )
  .join('\n')}
`);

describe(annotationsByRule.name, () => {
  const endpoints = parseApiSpec(FOREIGN, 'panda_api.yaml').endpoints;
  const hints = (toolName: string) => {
    const found = endpoints.find((e) => e.toolName === toolName);
    if (!found) throw new Error(`no ${toolName}`);
    const a = found.annotations;
    return [a.readOnlyHint, a.destructiveHint, a.idempotentHint, a.openWorldHint];
  };

  it.each([
    // tool                                       readOnly destructive idempotent openWorld
    ['task_get_status', [true, false, true, true]],
    ['credential_management_get_user_secrets', [true, false, true, true]],
    ['file_server_download_jedi_log', [true, false, true, true]],
    ['credential_management_set_user_secrets', [false, true, true, true]],
    ['task_kill', [false, true, false, true]],
    ['task_kill_unfinished_jobs', [false, true, false, true]],
    ['task_finish', [false, true, false, true]],
    ['task_avalanche', [false, true, false, true]],
    ['data_carousel_retire_unused', [false, true, false, true]],
    ['file_server_delete_cache_file', [false, true, false, true]],
    ['task_reassign', [false, true, false, true]],
    ['job_reassign', [false, true, false, true]],
    ['task_pause', [false, false, true, true]],
    ['task_resume', [false, false, true, true]],
    ['task_release', [false, false, true, true]],
    ['job_set_command', [false, false, true, true]],
    ['task_change_priority', [false, false, true, true]],
    ['task_enable_jumbo_jobs', [false, false, true, true]],
    ['task_disable_job_cloning', [false, false, true, true]],
    ['harvester_acquire_commands', [false, false, false, true]],
    ['task_submit', [false, false, false, true]],
    ['task_retry', [false, false, false, true]],
  ])('gives %s the hints [readOnly, destructive, idempotent, openWorld] = %j', (toolName, expected) => {
    expect(hints(toolName)).toEqual(expected);
  });

  it('titles tools "<Module>: <function words>"', () => {
    expect(endpoints.find((e) => e.toolName === 'task_kill_unfinished_jobs')?.annotations.title).toBe(
      'Task: kill unfinished jobs',
    );
    expect(humanTitle('data_carousel', 'retire_unused')).toBe('Data carousel: retire unused');
  });

  it('is what the loader uses for documents without x-panda-annotations', () => {
    const sut = annotationsByRule;
    expect(sut('task', 'kill', 'POST')).toEqual(
      endpoints.find((e) => e.toolName === 'task_kill')?.annotations,
    );
  });
});

describe(accessFromText.name, () => {
  const sut = accessFromText;

  it('reads the words PanDA uses', () => {
    expect(sut('Requires a secure connection.')).toEqual({
      secure: true,
      productionRole: false,
      taskOwnerOrProduction: false,
    });
    expect(sut('Requires a secure\n  connection and production role.')).toEqual({
      secure: true,
      productionRole: true,
      taskOwnerOrProduction: false,
    });
    expect(
      sut('Requires a secure connection. Only the task owner or production managers may kill it.'),
    ).toEqual({
      secure: true,
      productionRole: false,
      taskOwnerOrProduction: true,
    });
    expect(sut('Check if the server is alive.')).toEqual({
      secure: false,
      productionRole: false,
      taskOwnerOrProduction: false,
    });
  });
});

describe(accessSentence.name, () => {
  const sut = accessSentence;

  it('names the role a call needs, says when no token is needed, and is empty when the token is enough', () => {
    expect(sut({ secure: true, productionRole: true, taskOwnerOrProduction: false })).toBe(
      'Production role only.',
    );
    expect(sut({ secure: true, productionRole: false, taskOwnerOrProduction: true })).toBe(
      'Task owner or production role only.',
    );
    expect(sut({ secure: false, productionRole: false, taskOwnerOrProduction: false })).toBe(
      'No token needed.',
    );
    expect(sut({ secure: true, productionRole: false, taskOwnerOrProduction: false })).toBe('');
  });
});

describe(toolDescription.name, () => {
  const sut = toolDescription;
  const secure = { secure: true, productionRole: false, taskOwnerOrProduction: false };
  const production = { ...secure, productionRole: true };

  it('puts the summary on the first line, then the description and the access note', () => {
    expect(sut('Kill a task', 'Active jobs are killed.', production)).toBe(
      'Kill a task.\nActive jobs are killed. Production role only.',
    );
    expect(sut('Pause a task.', '', production)).toBe('Pause a task.\nProduction role only.');
    expect(sut('Show the status of a task', '', secure)).toBe('Show the status of a task.');
    expect(sut('Show the status of a task', 'Returns the status', production)).toBe(
      'Show the status of a task.\nReturns the status. Production role only.',
    );
  });

  it('leaves out a summary that the description starts with', () => {
    expect(sut('Kill a task', 'Kill a task and its jobs.', secure)).toBe('Kill a task and its jobs.');
  });
});

describe(parameterDescription.name, () => {
  const sut = parameterDescription;
  const parameter = (description: string, spec: { default?: unknown }) =>
    endpointParameterFromPython({ name: 'p', annotation: 'int', description, ...spec });

  it('is the description as given: the schema carries the default', () => {
    expect(sut(parameter('Seconds to wait', { default: 60 }))).toBe('Seconds to wait');
    expect(sut(parameter('', { default: 60 }))).toBe('');
    expect(sut(parameter(' Site name. ', { default: null }))).toBe('Site name.');
    expect(sut(parameter('JEDI task ID.', {}))).toBe('JEDI task ID.');
  });
});
