import { BoundedMap } from './bounded-map';

describe(BoundedMap.name, () => {
  it('forgets the oldest-set entry when full, and setting a key again makes it the newest', () => {
    const sut = new BoundedMap<string, number>(2);
    sut.set('a', 1);
    sut.set('b', 2);
    sut.set('a', 3);
    sut.set('c', 4);
    expect([sut.has('a'), sut.has('b'), sut.has('c'), sut.size]).toEqual([true, false, true, 2]);
    expect(sut.get('a')).toBe(3);
  });

  it('makes a value once per key', () => {
    const sut = new BoundedMap<string, object>(4);
    const make = jest.fn(() => ({}));
    expect(sut.getOrCreate('k', make)).toBe(sut.getOrCreate('k', make));
    expect(make).toHaveBeenCalledTimes(1);
  });
});
