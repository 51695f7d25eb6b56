import { parsePythonJson } from './python-json.parser';
import { PyFloat } from './python-value.util';

describe(parsePythonJson.name, () => {
  it('keeps floats apart from ints', () => {
    const sut = parsePythonJson('{"a": 1, "b": 1.0, "c": 2e3, "d": [1, 2.5], "e": NaN}') as Record<
      string,
      unknown
    >;
    expect(sut.a).toBe(1);
    expect(sut.b).toEqual(new PyFloat(1));
    expect(sut.c).toEqual(new PyFloat(2000));
    expect(sut.d).toEqual([1, new PyFloat(2.5)]);
    expect((sut.e as PyFloat).value).toBeNaN();
  });

  it.each([
    ['', 'Expecting value: line 1 column 1 (char 0)'],
    ['{"task_id": 1', "Expecting ',' delimiter: line 1 column 14 (char 13)"],
    ["{'a': 1}", 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['{"a": 1} x', 'Extra data: line 1 column 10 (char 9)'],
    ['{\n"a": tru}', 'Expecting value: line 2 column 6 (char 7)'],
  ])('reports %p as Python does', (text, message) => {
    expect(() => parsePythonJson(text)).toThrow(message);
  });
});
