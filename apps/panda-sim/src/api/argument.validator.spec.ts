import { EndpointParam, EndpointSpec } from './api-catalogue.service';
import { validateArguments } from './argument.validator';
import { parseAnnotation } from './python-type.parser';
import { PyFileStorage, PyFloat } from './python-value.util';

function param(
  name: string,
  annotation: string | undefined,
  required = true,
  defaultValue: unknown = null,
): EndpointParam {
  return { name, annotation, type: parseAnnotation(annotation), required, defaultValue };
}

function spec(
  method: 'GET' | 'POST',
  params: EndpointParam[],
  extra: Partial<EndpointSpec> = {},
): EndpointSpec {
  return {
    path: '/test/fn',
    module: 'test',
    function: 'fn',
    method,
    secure: true,
    productionRole: false,
    taskOwnerOrProduction: false,
    params,
    acceptsExtraKwargs: false,
    taskIdParam: 'task_id',
    ...extra,
  };
}

describe(validateArguments.name, () => {
  describe('GET casting', () => {
    const sut = (received: Record<string, unknown>, params: EndpointParam[]) =>
      validateArguments(spec('GET', params), received, 'GET');

    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['false', false],
      ['yes', false],
    ])('casts bool from %p to %p', (text, expected) => {
      expect(sut({ flag: text }, [param('flag', 'bool', false, false)])).toEqual({
        ok: true,
        args: { flag: expected },
      });
    });

    it('casts int through float, so decimals are truncated', () => {
      expect(sut({ task_id: '1001.7' }, [param('task_id', 'int')])).toEqual({
        ok: true,
        args: { task_id: 1001 },
      });
    });

    it('casts repeated keys to List[int], and wraps a single value in a list', () => {
      const params = [param('job_ids', 'List[int]')];
      expect(sut({ job_ids: ['1', '2.0'] }, params)).toEqual({ ok: true, args: { job_ids: [1, 2] } });
      expect(sut({ job_ids: '7' }, params)).toEqual({ ok: true, args: { job_ids: [7] } });
    });

    it("reports a value that does not cast with PanDA's wording", () => {
      expect(sut({ task_id: 'abc' }, [param('task_id', 'int')])).toEqual({
        ok: false,
        message: "Type error: 'task_id' with value 'abc' could not be casted to type int from str.",
      });
      expect(sut({ job_ids: 'x' }, [param('job_ids', 'List[int]')])).toEqual({
        ok: false,
        message: "Type error: 'job_ids' with value '['x']' could not be casted to type List from list.",
      });
    });

    it('turns "None" into None when the default is None, and keeps str values as they are', () => {
      const params = [param('since', 'str'), param('min_task_id', 'int', false, null)];
      expect(sut({ since: '2025-01-01 00:00:00', min_task_id: 'None' }, params)).toEqual({
        ok: true,
        args: { since: '2025-01-01 00:00:00', min_task_id: null },
      });
    });

    it('leaves an unannotated parameter as the string it arrived as', () => {
      expect(sut({ task_id: '1001' }, [param('task_id', undefined)])).toEqual({
        ok: true,
        args: { task_id: '1001' },
      });
    });

    it('applies defaults and skips the checks for them', () => {
      expect(sut({}, [param('type', 'str', false, 'analysis')])).toEqual({
        ok: true,
        args: { type: 'analysis' },
      });
    });

    it('fails like Python when a bool gets repeated keys (a 500 in PanDA)', () => {
      expect(() => sut({ flag: ['1', '0'] }, [param('flag', 'bool', false, false)])).toThrow(
        "'list' object has no attribute 'lower'",
      );
    });
  });

  describe('POST type checks', () => {
    const sut = (received: Record<string, unknown>, params: EndpointParam[]) =>
      validateArguments(spec('POST', params), received, 'POST');

    it('refuses a str for an int', () => {
      expect(sut({ task_id: '1001' }, [param('task_id', 'int')])).toEqual({
        ok: false,
        message: "Type error: 'task_id' must be of type int, got str.",
      });
    });

    it('refuses a JSON float for an int but accepts a bool, as isinstance does', () => {
      expect(sut({ priority: new PyFloat(5) }, [param('priority', 'int')])).toEqual({
        ok: false,
        message: "Type error: 'priority' must be of type int, got float.",
      });
      expect(sut({ priority: true }, [param('priority', 'int')])).toMatchObject({ ok: true });
    });

    it('refuses a JSON int for a float, accepts it for int | float', () => {
      expect(sut({ f: 1 }, [param('f', 'float', false, null)])).toEqual({
        ok: false,
        message: "Type error: 'f' must be of type float, got int.",
      });
      expect(sut({ f: 1 }, [param('f', 'int | float', false, null)])).toMatchObject({ ok: true });
    });

    it('checks list elements', () => {
      expect(sut({ job_ids: [1, 'two'] }, [param('job_ids', 'List[int]')])).toEqual({
        ok: false,
        message: "Type error: All elements in 'job_ids' must be int.",
      });
      expect(sut({ job_ids: 3 }, [param('job_ids', 'List[int]')])).toEqual({
        ok: false,
        message: "Type error: 'job_ids' must be of type list, got int.",
      });
    });

    it('names unions as Python prints them', () => {
      expect(sut({ request_id: 'x' }, [param('request_id', 'int | None', false, null)])).toEqual({
        ok: false,
        message: "Type error: 'request_id' must be of type int | None, got str.",
      });
      expect(sut({ new_parameters: [] }, [param('new_parameters', 'Dict | str', false, null)])).toEqual({
        ok: false,
        message: "Type error: 'new_parameters' must be of type typing.Union[typing.Dict, str], got list.",
      });
    });

    it('accepts null for a parameter whose default is None', () => {
      expect(sut({ code: null }, [param('code', 'int', false, null)])).toEqual({
        ok: true,
        args: { code: null },
      });
    });

    it('checks uploads against FileStorage', () => {
      const file = new PyFileStorage('log.txt', 'text/plain', Buffer.from('x'));
      expect(sut({ file }, [param('file', 'FileStorage')])).toMatchObject({ ok: true });
      expect(sut({ file: 'text' }, [param('file', 'FileStorage')])).toEqual({
        ok: false,
        message: "Type error: 'file' must be of type FileStorage, got str.",
      });
    });
  });

  describe('binding', () => {
    it('names the first missing required argument', () => {
      const sut = validateArguments(
        spec('POST', [param('task_id', 'int'), param('priority', 'int')]),
        {},
        'POST',
      );
      expect(sut).toEqual({ ok: false, message: "Argument error: missing a required argument: 'task_id'" });
    });

    it('refuses unknown arguments unless the function takes **kwargs', () => {
      const params = [param('task_id', 'int')];
      expect(validateArguments(spec('POST', params), { task_id: 1, colour: 'red' }, 'POST')).toEqual({
        ok: false,
        message: "Argument error: got an unexpected keyword argument 'colour'",
      });
      expect(
        validateArguments(spec('GET', [], { acceptsExtraKwargs: true }), { colour: 'red' }, 'GET'),
      ).toEqual({ ok: true, args: { colour: 'red' } });
    });
  });
});
