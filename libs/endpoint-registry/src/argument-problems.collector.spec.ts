import { ArgumentProblems } from './argument-problems.collector';

describe(ArgumentProblems.name, () => {
  it('keeps the first problems in order, drops duplicates, and counts the rest without describing them', () => {
    const sut = new ArgumentProblems(2, 100);
    const described: string[] = [];
    const add = (text: string) =>
      sut.add(() => {
        described.push(text);
        return text;
      });
    ['a', 'a', 'b', 'c', 'd'].forEach(add);
    expect(sut.list()).toEqual(['a', 'b', 'and 2 more problems']);
    expect(sut.count).toBe(4);
    expect(described).toEqual(['a', 'a', 'b']);
  });

  it('says "1 more problem", and nothing when all are shown', () => {
    const one = new ArgumentProblems(1, 100);
    one.add(() => 'a');
    expect(one.list()).toEqual(['a']);
    one.add(() => 'b');
    expect(one.list()).toEqual(['a', 'and 1 more problem']);
  });

  it('cuts long problems', () => {
    const sut = new ArgumentProblems(5, 10);
    sut.add(() => 'x'.repeat(50));
    expect(sut.list()).toEqual(['xxxxxxx...']);
  });
});
