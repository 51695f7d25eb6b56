import { inputSchemaOf } from './tool-input.schema';
import { createArgumentAjv, createArgumentChecker, MAX_REPORTED_PROBLEMS } from './argument-checker';
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

/** Text that says how long a bad argument's answer may be, whatever the size of the argument. */
const MAX_ANSWER_LENGTH = 5000;
/** For the tests that would take half a minute with a quadratic check (no timing assertions). */
const GENEROUS_TIMEOUT_MS = 10_000;

function expectBounded(result: ReturnType<ReturnType<typeof createArgumentChecker>>): string[] {
  expect(result.ok).toBe(false);
  const problems = result.ok ? [] : result.problems;
  expect(problems.length).toBeLessThanOrEqual(MAX_REPORTED_PROBLEMS + 1);
  expect(problems.join('\n').length).toBeLessThan(MAX_ANSWER_LENGTH);
  return problems;
}

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

  it('reports the first problem in the value of each parameter', () => {
    expect(sut({ task_id: 'a', job_ids: [1, 'x', 'y'] })).toEqual({
      ok: false,
      problems: ['task_id: expected integer, got string "a"', 'job_ids[1]: expected integer, got string "x"'],
    });
  });

  it(
    'answers 40,000 bad array items with one short problem',
    () => {
      const problems = expectBounded(
        sut({ task_id: 1, job_ids: Array.from({ length: 40_000 }, (_, i) => `s${i}`) }),
      );
      expect(problems).toEqual(['job_ids[0]: expected integer, got string "s0"']);
    },
    GENEROUS_TIMEOUT_MS,
  );

  it(
    'answers 40,000 unknown parameter names with one short problem, long names cut',
    () => {
      const args = Object.fromEntries(
        Array.from({ length: 40_000 }, (_, i) => [`p${i}${'x'.repeat(200)}`, 1]),
      );
      const problems = expectBounded(sut({ task_id: 1, ...args }));
      expect(problems).toHaveLength(1);
      const shown = Array.from({ length: 10 }, (_, i) => `"${`p${i}${'x'.repeat(200)}`.slice(0, 97)}..."`);
      expect(problems[0]).toBe(
        `unknown parameters ${shown.join(', ')} and 39990 more ` +
          '(expected one of: task_id, job_ids, new_parameters, no_child_retry, comment, anything)',
      );
    },
    GENEROUS_TIMEOUT_MS,
  );

  it('names a few unknown parameters in one problem', () => {
    expect(sut({ task_id: 1, a: 1, b: 2 })).toEqual({
      ok: false,
      problems: [
        'unknown parameters "a", "b" (expected one of: task_id, job_ids, new_parameters, no_child_retry, comment, anything)',
      ],
    });
  });

  it('spells out at most MAX_REPORTED_PROBLEMS problems, then says how many more there are', () => {
    const names = Array.from({ length: MAX_REPORTED_PROBLEMS + 5 }, (_, i) => `n${i}`);
    const many = createArgumentChecker(
      endpointWith(names.map((name) => endpointParameterFromPython({ name, annotation: 'int' }))),
      createArgumentAjv(),
    );
    const problems = expectBounded(many(Object.fromEntries(names.map((n) => [n, 'x']))));
    expect(problems.slice(0, 2)).toEqual([
      'n0: expected integer, got string "x"',
      'n1: expected integer, got string "x"',
    ]);
    expect(problems.at(-1)).toBe('and 5 more problems');
    expect(expectBounded(many({}))).toHaveLength(MAX_REPORTED_PROBLEMS + 1);
  });

  it('describes what the whole input schema requires beyond each parameter', () => {
    const endpoint = endpointWith([
      endpointParameterFromPython({ name: 'a', annotation: 'int', default: 0 }),
    ]);
    const atLeastOne = { ...endpoint, inputSchema: { ...endpoint.inputSchema, minProperties: 1 } };
    expect(createArgumentChecker(atLeastOne, createArgumentAjv())({})).toEqual({
      ok: false,
      problems: ['(arguments): must NOT have fewer than 1 properties (got an object)'],
    });
  });

  it('checks parameters whose names need escaping', () => {
    const odd = createArgumentChecker(
      endpointWith([endpointParameterFromPython({ name: 'a b/c~%#', annotation: 'int' })]),
      createArgumentAjv(),
    );
    expect(odd({ 'a b/c~%#': 'x' })).toEqual({
      ok: false,
      problems: ['a b/c~%#: expected integer, got string "x"'],
    });
  });

  describe('numbers', () => {
    const NUMBERS = endpointWith([
      endpointParameterFromPython({ name: 'id_or_name', annotation: 'int | str', default: null }),
      endpointParameterFromPython({ name: 'ratio', annotation: 'float', default: 1.0 }),
      endpointParameterFromPython({ name: 'counts', annotation: 'List[int] | None', default: null }),
    ]);
    const numbers = createArgumentChecker(NUMBERS, createArgumentAjv());
    const fromJson = (text: string) => JSON.parse(text) as unknown;
    const TOO_LARGE =
      'expected a finite number, got number Infinity (a JSON number beyond ±1.8e308, such as 1e999, cannot be sent)';

    it('rejects numbers that are not finite (JSON 1e999), wherever they are', () => {
      expect(sut(fromJson('{"task_id": 1e999}'))).toEqual({ ok: false, problems: [`task_id: ${TOO_LARGE}`] });
      expect(sut(fromJson('{"task_id": 1, "job_ids": [1, -1e999]}'))).toEqual({
        ok: false,
        problems: [
          'job_ids[1]: expected a finite number, got number -Infinity (a JSON number beyond ±1.8e308, such as 1e999, cannot be sent)',
        ],
      });
      expect(
        sut(fromJson('{"task_id": 1, "new_parameters": {"a": {"b": [0, 1e999]}}, "anything": [1e999]}')),
      ).toEqual({
        ok: false,
        problems: [`new_parameters.a.b[1]: ${TOO_LARGE}`, `anything[0]: ${TOO_LARGE}`],
      });
      expect(sut({ task_id: 1, anything: { x: NaN } })).toEqual({
        ok: false,
        problems: ['anything.x: expected a finite number, got number NaN (not a number)'],
      });
      expect(numbers(fromJson('{"ratio": 1e999}'))).toEqual({ ok: false, problems: [`ratio: ${TOO_LARGE}`] });
    });

    it(
      'answers 40,000 infinite numbers with a short list',
      () => {
        const problems = expectBounded(
          sut(fromJson(`{"task_id": 1, "job_ids": [${Array(40_000).fill('1e999').join(',')}]}`)),
        );
        expect(problems[0]).toBe(`job_ids[0]: ${TOO_LARGE}`);
        expect(problems.at(-1)).toBe(`and ${40_000 - MAX_REPORTED_PROBLEMS} more problems`);
      },
      GENEROUS_TIMEOUT_MS,
    );

    it('rejects integers outside the safe integer range, naming the parameter', () => {
      const outside = (where: string, value: string) =>
        `${where}: number ${value} is outside the safe integer range (expected an integer from ` +
        '-9007199254740991 to 9007199254740991; larger ones would reach PanDA rounded)';
      expect(sut({ task_id: 2 ** 53 })).toEqual({
        ok: false,
        problems: [outside('task_id', '9007199254740992')],
      });
      expect(sut(fromJson('{"task_id": 1, "job_ids": [1, 12345678901234567890]}'))).toEqual({
        ok: false,
        problems: [outside('job_ids[1]', '12345678901234567000')],
      });
      expect(sut({ task_id: -(2 ** 53) })).toEqual({
        ok: false,
        problems: [outside('task_id', '-9007199254740992')],
      });
      expect(numbers({ counts: [2 ** 60] })).toEqual({
        ok: false,
        problems: [outside('counts[0]', '1152921504606847000')],
      });
      expect(numbers({ id_or_name: 2 ** 60 })).toEqual({
        ok: false,
        problems: [
          'id_or_name: expected integer, string or null, got number 1152921504606847000, outside the safe integer range',
        ],
      });
    });

    it('accepts the safe integers, and large numbers where any number goes', () => {
      expect(sut({ task_id: Number.MAX_SAFE_INTEGER, job_ids: [Number.MIN_SAFE_INTEGER] })).toEqual({
        ok: true,
        args: { task_id: Number.MAX_SAFE_INTEGER, job_ids: [Number.MIN_SAFE_INTEGER] },
      });
      expect(numbers({ ratio: 1e300, id_or_name: 'x', counts: [1] })).toEqual({
        ok: true,
        args: { ratio: 1e300, id_or_name: 'x', counts: [1] },
      });
      expect(sut({ task_id: 1, anything: 2 ** 60 })).toEqual({
        ok: true,
        args: { task_id: 1, anything: 2 ** 60 },
      });
    });
  });
});
