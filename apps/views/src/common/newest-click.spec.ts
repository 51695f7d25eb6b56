import { newestClick } from './newest-click';

describe(newestClick.name, () => {
  it("lets only the newest click's answer be drawn, whatever order the answers come in", () => {
    const sut = newestClick();
    const first = sut.next();
    const second = sut.next();
    expect(second()).toBe(true);
    expect(first()).toBe(false);
    const third = sut.next();
    expect(second()).toBe(false);
    expect(third()).toBe(true);
  });
});
