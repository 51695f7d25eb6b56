import {
  describeSchema,
  describeValue,
  missingParameterProblem,
  nonFiniteNumberProblem,
  readablePath,
} from './argument-problem.describer';

describe(describeSchema.name, () => {
  const sut = describeSchema;

  it.each([
    [{ type: 'integer' }, 'integer'],
    [{ type: ['integer', 'null'] }, 'integer or null'],
    [{ type: 'array', items: { type: 'string' } }, 'array of string'],
    [{ anyOf: [{ type: 'object' }, { type: 'string' }, { type: 'null' }] }, 'object, string or null'],
    [{ enum: ['fast', 'full'] }, 'one of "fast", "full"'],
    [{}, 'any value'],
  ])('describes %j as "%s"', (schema, expected) => {
    expect(sut(schema)).toBe(expected);
  });
});

describe(describeValue.name, () => {
  const sut = describeValue;

  it.each([
    ['abc', 'string "abc"'],
    ['x'.repeat(61), `string "${'x'.repeat(57)}..."`],
    [1.5, 'number 1.5'],
    [true, 'boolean true'],
    [null, 'null'],
    [undefined, 'nothing'],
    [[1], 'an array (1 item)'],
    [[], 'an array (0 items)'],
    [{}, 'an object'],
  ])('describes %j as "%s"', (value, expected) => {
    expect(sut(value)).toBe(expected);
  });
});

describe(readablePath.name, () => {
  const sut = readablePath;

  it('writes indexes in brackets and keys with dots, each cut to 100 characters', () => {
    expect(sut(['job_ids', 1])).toBe('job_ids[1]');
    expect(sut(['params', 'key', '0', 'x'])).toBe('params.key[0].x');
    expect(sut([])).toBe('(arguments)');
    expect(sut(['p', 'k'.repeat(500)])).toBe(`p.${'k'.repeat(97)}...`);
  });
});

describe(missingParameterProblem.name, () => {
  it('names the parameter and its type', () => {
    expect(missingParameterProblem('task_id', { type: 'integer' })).toBe(
      'task_id: required parameter is missing (integer)',
    );
  });
});

describe(nonFiniteNumberProblem.name, () => {
  const sut = nonFiniteNumberProblem;

  it('says where, what was expected and why', () => {
    expect(sut(['job_ids', 3], -Infinity)).toBe(
      'job_ids[3]: expected a finite number, got number -Infinity (a JSON number beyond ±1.8e308, such as 1e999, cannot be sent)',
    );
    expect(sut(['x'], NaN)).toBe('x: expected a finite number, got number NaN (not a number)');
  });
});
