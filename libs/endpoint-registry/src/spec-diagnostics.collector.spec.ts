import { SpecDiagnostics } from './spec-diagnostics.collector';

describe(SpecDiagnostics.name, () => {
  it('starts each problem and warning with the file and the JSON pointer, and counts the problems', () => {
    const sut = new SpecDiagnostics('api.yaml');
    sut.problem(['paths', '/task/kill', 'post'], 'bad');
    sut.problem([], 'worse');
    sut.warn(['servers', 0], 'odd');
    expect(sut.problems).toEqual(['api.yaml#/paths/~1task~1kill/post: bad', 'api.yaml: worse']);
    expect(sut.warnings).toEqual(['api.yaml#/servers/0: odd']);
    expect(sut.problemCount).toBe(2);
  });
});
