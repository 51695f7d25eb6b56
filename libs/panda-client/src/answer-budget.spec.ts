import { AnswerBudget } from './answer-budget';

describe(AnswerBudget.name, () => {
  it('lends bytes up to its limit and takes them back', () => {
    const sut = new AnswerBudget(100);
    expect(sut.take(60)).toBe(true);
    expect(sut.take(50)).toBe(false);
    expect(sut.heldBytes).toBe(60);
    sut.give(60);
    expect(sut.take(100)).toBe(true);
  });
});
