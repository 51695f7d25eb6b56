import { resultShapeOf } from './result-shapes';
import { shapingParameterSchemas, splitShapingArguments } from './shaping-parameters';

describe(splitShapingArguments.name, () => {
  const jobs = resultShapeOf('task_get_job_descriptions');

  it("takes panda-mcp's parameters out and leaves PanDA's untouched", () => {
    const sut = splitShapingArguments(
      {
        task_id: 5000,
        unsuccessful_only: true,
        mcp_offset: 40,
        mcp_limit: 10,
        mcp_fields: ['jobStatus', 'jobStatus'],
      },
      jobs,
    );
    expect(sut).toEqual({
      pandaArguments: { task_id: 5000, unsuccessful_only: true },
      options: { offset: 40, limit: 10, fields: { view: 'named', fields: ['jobStatus'] } },
      problems: [],
    });
  });

  it('reads ["*"] as whole records and null as the default', () => {
    expect(splitShapingArguments({ mcp_fields: ['*'], mcp_offset: null }, jobs).options).toEqual({
      offset: 0,
      fields: { view: 'full' },
    });
  });

  it('names every bad value and what was expected', () => {
    const sut = splitShapingArguments(
      { mcp_offset: -1, mcp_limit: 1.5, mcp_fields: 'PandaID', mcp_page: 2 },
      jobs,
    );
    expect(sut.problems).toEqual([
      'unknown parameter "mcp_page" (expected one of: mcp_offset, mcp_limit, mcp_fields)',
      'mcp_offset must be an integer from 0 to 100000000, got -1',
      'mcp_limit must be an integer from 1 to 100000000, got 1.5',
      'mcp_fields must be a list of 1 to 200 field names (PanDA\'s spelling, e.g. ["PandaID", "jobStatus"]) or ["*"] for whole records',
    ]);
  });

  it('offers no fields on lists of plain values, and nothing on tools it does not know', () => {
    expect(Object.keys(shapingParameterSchemas(resultShapeOf('task_get_job_ids')))).toEqual([
      'mcp_offset',
      'mcp_limit',
    ]);
    expect(Object.keys(shapingParameterSchemas(resultShapeOf('task_get_detailed_info')))).toEqual([
      'mcp_fields',
    ]);
    expect(shapingParameterSchemas(undefined)).toEqual({});
    expect(splitShapingArguments({ mcp_limit: 3 }, undefined).problems).toEqual([
      'unknown parameter "mcp_limit" (it takes no panda-mcp parameters)',
    ]);
  });
});

describe('splitShapingArguments and hostile names', () => {
  it('keeps an argument named "__proto__" an argument, for PanDA\'s check to refuse', () => {
    const args = JSON.parse('{"mcp_offset": 1, "__proto__": {"task_id": 5}}') as unknown;
    const sut = splitShapingArguments(args, resultShapeOf('task_get_job_ids'));
    expect(Object.keys(sut.pandaArguments as object)).toEqual(['__proto__']);
    expect((sut.pandaArguments as { task_id?: unknown }).task_id).toBeUndefined();
  });
});
