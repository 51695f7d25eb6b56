import { shorten, unknownParametersProblem } from './caller-text';

describe(shorten.name, () => {
  const sut = shorten;

  it('cuts text to the length, with "..." where it was cut', () => {
    expect(sut('abcdef', 6)).toBe('abcdef');
    expect(sut('abcdefg', 6)).toBe('abc...');
  });
});

describe(unknownParametersProblem.name, () => {
  const sut = unknownParametersProblem;

  it('names the unknown parameters, cut, counts the others, and lists the known ones', () => {
    expect(sut(['taskid'], 1, ['task_id'])).toBe('unknown parameter "taskid" (expected one of: task_id)');
    expect(sut(['a', 'b'.repeat(150)], 7, [])).toBe(
      `unknown parameters "a", "${'b'.repeat(97)}..." and 5 more (this tool takes no parameters)`,
    );
  });
});
