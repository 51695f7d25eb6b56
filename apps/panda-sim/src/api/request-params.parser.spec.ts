import { parseRequestParameters, RawApiRequest } from './request-params.parser';
import { PyFileStorage } from './python-value.util';

function request(overrides: Partial<RawApiRequest>): RawApiRequest {
  return {
    method: 'GET',
    query: '',
    contentType: undefined,
    contentEncoding: undefined,
    body: Buffer.alloc(0),
    ...overrides,
  };
}

describe(parseRequestParameters.name, () => {
  it('groups repeated query keys into a list and keeps single values as str', () => {
    const sut = parseRequestParameters(
      request({ query: 'job_ids=1&job_ids=2&timeout=30&flag&name=a+b%21' }),
      'fn',
    );
    expect(sut).toEqual({ job_ids: ['1', '2'], timeout: '30', flag: '', name: 'a b!' });
  });

  it('reads a JSON body only for POST with Content-Type exactly application/json', () => {
    const body = Buffer.from('{"task_id": 1}');
    expect(
      parseRequestParameters(request({ method: 'POST', contentType: 'application/json', body }), 'fn'),
    ).toEqual({
      task_id: 1,
    });
    expect(
      parseRequestParameters(
        request({ method: 'POST', contentType: 'application/json; charset=utf-8', body }),
        'fn',
      ),
    ).toEqual({});
  });

  it('ignores the query string of a POST', () => {
    expect(parseRequestParameters(request({ method: 'POST', query: 'task_id=1' }), 'fn')).toEqual({});
  });

  it('refuses a JSON body that is not an object, as the ** call in PanDA does', () => {
    const sut = () =>
      parseRequestParameters(
        request({ method: 'POST', contentType: 'application/json', body: Buffer.from('[1]') }),
        'kill',
      );
    expect(sut).toThrow('kill() argument after ** must be a mapping, not list');
  });

  it('parses multipart uploads into FileStorage objects and fields into str', () => {
    const boundary = 'XyZ';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.log"\r\nContent-Type: text/plain\r\n\r\nhello\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--${boundary}--\r\n`,
    );
    const sut = parseRequestParameters(
      request({ method: 'POST', contentType: `multipart/form-data; boundary=${boundary}`, body }),
      'fn',
    );
    expect(sut.note).toBe('hi');
    expect(sut.file).toBeInstanceOf(PyFileStorage);
    expect((sut.file as PyFileStorage).content.toString()).toBe('hello');
    expect((sut.file as PyFileStorage).filename).toBe('a.log');
  });
});
