import { inputSchemaOf } from './api-spec.loader';
import { createArgumentAjv, createArgumentChecker } from './argument-checker';
import type { EndpointParameter, PandaEndpoint } from './endpoint.types';
import { endpointParameterFromPython } from './python-annotation.schema';
import { annotationsByRule } from './tool-rules';

function endpointWith(parameters: EndpointParameter[]): PandaEndpoint {
  return {
    toolName: 'task_retry',
    module: 'task',
    functionName: 'retry',
    httpMethod: 'POST',
    path: '/task/retry',
    bodyEncoding: 'json',
    summary: 'Retry a task',
    description: 'Retry a task.',
    parameters,
    access: { secure: true, productionRole: false, taskOwnerOrProduction: true },
    annotations: annotationsByRule('task', 'retry', 'POST'),
    inputSchema: inputSchemaOf(parameters),
  };
}

const RETRY = endpointWith([
  endpointParameterFromPython({ name: 'task_id', annotation: 'int' }),
  endpointParameterFromPython({ name: 'job_ids', annotation: 'List[int]', default: [] }),
  endpointParameterFromPython({ name: 'new_parameters', annotation: 'Dict | str', default: null }),
  endpointParameterFromPython({ name: 'no_child_retry', annotation: 'bool', default: false }),
  endpointParameterFromPython({ name: 'comment', annotation: 'str', default: null }),
  endpointParameterFromPython({ name: 'anything', annotation: 'id', default: null }),
]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe(createArgumentChecker.name, () => {
  const sut = createArgumentChecker(RETRY, createArgumentAjv());

  it('accepts valid arguments and returns them', () => {
    expect(sut({ task_id: 42, job_ids: [1, 2], new_parameters: { ramCount: 2000 } })).toEqual({
      ok: true,
      args: { task_id: 42, job_ids: [1, 2], new_parameters: { ramCount: 2000 } },
    });
  });

  it('names the parameter, the expected type and what it got', () => {
    expect(sut({ task_id: 'abc' })).toEqual({
      ok: false,
      problems: ['task_id: expected integer, got string "abc"'],
    });
    expect(sut({ task_id: 1.5 })).toEqual({
      ok: false,
      problems: ['task_id: expected integer, got number 1.5'],
    });
    expect(sut({ task_id: null })).toEqual({ ok: false, problems: ['task_id: expected integer, got null'] });
    expect(sut({ task_id: 1, job_ids: [1, 'x'] })).toEqual({
      ok: false,
      problems: ['job_ids[1]: expected integer, got string "x"'],
    });
    expect(sut({ task_id: 1, no_child_retry: 'yes' })).toEqual({
      ok: false,
      problems: ['no_child_retry: expected boolean, got string "yes"'],
    });
    expect(sut({ task_id: 1, comment: 5 })).toEqual({
      ok: false,
      problems: ['comment: expected string or null, got number 5'],
    });
  });

  it('reports a union once, with all its alternatives', () => {
    expect(sut({ task_id: 1, new_parameters: 5 })).toEqual({
      ok: false,
      problems: ['new_parameters: expected object, string or null, got number 5'],
    });
  });

  it('reports missing required parameters with their type', () => {
    expect(sut({})).toEqual({ ok: false, problems: ['task_id: required parameter is missing (integer)'] });
    expect(sut(undefined)).toEqual({
      ok: false,
      problems: ['task_id: required parameter is missing (integer)'],
    });
  });

  it('reports unknown parameters with the known ones', () => {
    expect(sut({ taskid: 1 })).toEqual({
      ok: false,
      problems: [
        'task_id: required parameter is missing (integer)',
        'unknown parameter "taskid" (expected one of: task_id, job_ids, new_parameters, no_child_retry, comment, anything)',
      ],
    });
  });

  it('rejects arguments that are not an object', () => {
    expect(sut([1])).toEqual({
      ok: false,
      problems: ['the arguments must be an object of named parameters, got an array (1 item)'],
    });
    expect(sut('task_id=1')).toEqual({
      ok: false,
      problems: ['the arguments must be an object of named parameters, got string "task_id=1"'],
    });
  });

  it("drops null for nullable parameters (null means PanDA's default)", () => {
    expect(sut({ task_id: 7, new_parameters: null, comment: null, anything: null })).toEqual({
      ok: true,
      args: { task_id: 7 },
    });
  });

  it('treats missing arguments as {}', () => {
    const noParameters = createArgumentChecker(endpointWith([]), createArgumentAjv());
    expect(noParameters(undefined)).toEqual({ ok: true, args: {} });
    expect(noParameters({ x: 1 })).toEqual({
      ok: false,
      problems: ['unknown parameter "x" (this tool takes no parameters)'],
    });
  });

  it('never mutates its input, and returns a copy', () => {
    const input = { task_id: 7, job_ids: [1, 2], new_parameters: { nested: { a: 1 } }, comment: null };
    const before = structuredClone(input);
    deepFreeze(input);
    const result = sut(input);
    expect(input).toEqual(before);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.args).not.toBe(input);
    expect(result.args.job_ids).not.toBe(input.job_ids);
    (result.args.job_ids as number[]).push(3);
    expect(input.job_ids).toEqual([1, 2]);
  });

  it('does not apply defaults or coerce types', () => {
    const result = sut({ task_id: 1 });
    expect(result).toEqual({ ok: true, args: { task_id: 1 } });
    expect(sut({ task_id: '1' }).ok).toBe(false);
  });
});
