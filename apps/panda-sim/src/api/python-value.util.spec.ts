import { PyFloat, pyFloatRepr, pyJsonDumps, pyRepr } from './python-value.util';

describe(pyJsonDumps.name, () => {
  it("writes Python's separators, ASCII escapes and the datetime marker", () => {
    const sut = pyJsonDumps({
      success: true,
      message: 'café',
      data: { at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), ratio: new PyFloat(2), n: [1, null] },
    });
    expect(sut).toBe(
      '{"success": true, "message": "caf\\u00e9", "data": {"at": {"__datetime__": "2025-01-02T03:04:05"}, "ratio": 2.0, "n": [1, null]}}',
    );
  });
});

describe(pyRepr.name, () => {
  it('prints dicts, strings and constants as Python does', () => {
    expect(pyRepr({ success: false, message: "it's", data: [true, null, new PyFloat(0.5)] })).toBe(
      `{'success': False, 'message': "it's", 'data': [True, None, 0.5]}`,
    );
  });

  it.each([
    [1, '1.0'],
    [1e16, '1e+16'],
    [1.5e-7, '1.5e-07'],
    [0.1, '0.1'],
  ])('prints the float %p as %p', (value, expected) => {
    expect(pyFloatRepr(value)).toBe(expected);
  });
});
