import Ajv from 'ajv';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { AnswerToShape, shapeAnswer } from './answer-shaper';
import type { Page } from './page-notice';
import { outputSchemaOf, PANDA_JOB_DESCRIPTION_CAP, resultShapeOf } from './result-shapes';
import { DEFAULT_SHAPING, ShapingOptions } from './shaping-parameters';

/** A PanDA job record as PanDA sends it: many fields, most of them unset. */
function job(pandaId: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const record: Record<string, unknown> = {
    PandaID: pandaId,
    jediTaskID: 5000,
    jobStatus: pandaId % 10 === 0 ? 'failed' : 'finished',
    computingSite: 'ANALY_CERN',
    attemptNr: 1,
    pilotErrorCode: pandaId % 10 === 0 ? 1305 : 0,
    pilotErrorDiag: pandaId % 10 === 0 ? `payload failed on host wn${pandaId}.cern.ch` : '',
    exeErrorCode: 0,
    exeErrorDiag: 'NULL',
    modificationTime: '2026-12-01T10:00:00',
    Files: [{ type: 'input', lfn: `in.${pandaId}.root`, status: 'ready', GUID: 'g', fsize: 1, md5sum: null }],
    ...extra,
  };
  for (let i = 0; i < 100; i++) record[`bookkeeping${i}`] = i % 2 ? null : `value-${i}`;
  return record;
}

const budgetTokens = 20000;
const budget = budgetTokens * 4;

function shape(
  toolName: string,
  data: unknown,
  options: Partial<ShapingOptions> = {},
  tokens = budgetTokens,
) {
  const resultShape = resultShapeOf(toolName);
  const answer: AnswerToShape = {
    toolName,
    data,
    message: '',
    shape: resultShape,
    options: { ...DEFAULT_SHAPING, ...options },
    structured: outputSchemaOf(resultShape) !== undefined,
    budgetTokens: tokens,
  };
  return shapeAnswer(answer);
}

function bodyOf(result: CallToolResult): { data: unknown; page: Page } {
  const first = result.content[0];
  if (first.type !== 'text') throw new Error('expected a text block');
  return JSON.parse(first.text) as { data: unknown; page: Page };
}

const wordsOf = (result: CallToolResult) =>
  result.content
    .slice(1)
    .map((b) => (b.type === 'text' ? b.text : ''))
    .join(' ');

describe(shapeAnswer.name, () => {
  const jobs = Array.from({ length: 2000 }, (_, i) => job(7_000_000_001 + i));

  it('cuts a long job list to the budget, in compact records, and says how to get the next part', () => {
    const sut = shape('task_get_job_descriptions', jobs);
    expect(Buffer.byteLength(JSON.stringify(sut))).toBeLessThanOrEqual(budget);
    const { data, page } = bodyOf(sut);
    expect(page).toMatchObject({ total: 2000, offset: 0, cutBy: 'budget' });
    expect(page.count).toBeGreaterThan(10);
    expect(page.nextOffset).toBe(page.count);
    const first = (data as Array<Record<string, unknown>>)[0];
    expect(first).toEqual({
      PandaID: 7_000_000_001,
      jediTaskID: 5000,
      jobStatus: 'finished',
      computingSite: 'ANALY_CERN',
      attemptNr: 1,
      modificationTime: '2026-12-01T10:00:00',
      Files: [{ type: 'input', lfn: 'in.7000000001.root', status: 'ready' }],
    });
    expect(wordsOf(sut)).toContain(`Showing jobs 1-${page.count} of 2,000`);
    expect(wordsOf(sut)).toContain(
      `call task_get_job_descriptions again with the same arguments and mcp_offset=${page.count}`,
    );
    expect(sut.structuredContent).toEqual(bodyOf(sut));
  });

  it('keeps an error code that is set, with its diagnostic', () => {
    const { data } = bodyOf(shape('task_get_job_descriptions', [job(10)]));
    expect((data as unknown[])[0]).toMatchObject({
      pilotErrorCode: 1305,
      pilotErrorDiag: 'payload failed on host wn10.cern.ch',
    });
    expect((data as Array<Record<string, unknown>>)[0]).not.toHaveProperty('exeErrorCode');
  });

  it('reaches every record exactly once by following nextOffset', () => {
    const seen: number[] = [];
    let offset: number | undefined = 0;
    for (let calls = 0; offset !== undefined && calls < 200; calls++) {
      const { data, page } = bodyOf(
        shape(
          'task_get_job_descriptions',
          jobs,
          { offset, fields: { view: 'named', fields: ['jobStatus'] } },
          2000,
        ),
      );
      seen.push(...(data as Array<{ PandaID: number }>).map((j) => j.PandaID));
      offset = page.nextOffset;
    }
    expect(seen).toEqual(jobs.map((j) => j.PandaID));
  });

  it('returns named fields (and the identity) or whole records', () => {
    const named = bodyOf(
      shape('task_get_job_descriptions', jobs.slice(0, 3), {
        fields: { view: 'named', fields: ['jobStatus', 'jobStatu'] },
      }),
    );
    expect(named.data).toEqual([
      { PandaID: 7_000_000_001, jobStatus: 'finished' },
      { PandaID: 7_000_000_002, jobStatus: 'finished' },
      { PandaID: 7_000_000_003, jobStatus: 'finished' },
    ]);
    expect(named.page.unknownFields).toEqual(['jobStatu']);
    const full = bodyOf(shape('task_get_job_descriptions', jobs.slice(0, 2), { fields: { view: 'full' } }));
    expect(full.data).toEqual(jobs.slice(0, 2));
  });

  it('honours mcp_limit and says the part ends there', () => {
    const sut = shape('task_get_job_descriptions', jobs, { offset: 10, limit: 5 });
    expect(bodyOf(sut).page).toEqual({ total: 2000, offset: 10, count: 5, nextOffset: 15, cutBy: 'limit' });
    expect(wordsOf(sut)).toContain('Showing jobs 11-15 of 2,000 (mcp_limit=5)');
  });

  it('says when the offset is past the end, and when the last part is shown', () => {
    expect(wordsOf(shape('task_get_job_ids', [1, 2, 3], { offset: 7 }))).toContain(
      'mcp_offset=7 is past the end: PanDA returned 3 PandaIDs',
    );
    const last = shape('task_get_job_ids', [1, 2, 3], { offset: 1 });
    expect(bodyOf(last)).toEqual({ data: [2, 3], page: { total: 3, offset: 1, count: 2 } });
    expect(wordsOf(last)).toContain('This is the last part.');
  });

  it("says when PanDA's own cap may have left jobs out, and names the route to all of them", () => {
    const capped = Array.from({ length: PANDA_JOB_DESCRIPTION_CAP }, (_, i) => ({
      PandaID: i,
      jobStatus: 'failed',
    }));
    const sut = shape('task_get_job_descriptions', capped);
    expect(bodyOf(sut).page.pandaCap).toBe(5500);
    expect(wordsOf(sut)).toContain('PanDA sends at most 5,500 jobs');
    expect(wordsOf(sut)).toContain('task_get_job_ids');
  });

  it('pages the files of all datasets as one list, keeping each dataset', () => {
    const data = [
      { dataset: { name: 'in1', id: 1 }, files: [{ lfn: 'a' }, { lfn: 'b' }] },
      { dataset: { name: 'in2', id: 2 }, files: [{ lfn: 'c' }, { lfn: 'd' }] },
    ];
    const sut = shape('task_get_datasets_and_files', data, { offset: 1, limit: 2 });
    expect(bodyOf(sut).data).toEqual([
      { dataset: { name: 'in1', id: 1 }, files: [{ lfn: 'b' }] },
      { dataset: { name: 'in2', id: 2 }, files: [{ lfn: 'c' }] },
    ]);
    expect(bodyOf(sut).page).toMatchObject({ total: 4, count: 2, nextOffset: 3 });
  });

  it('pages maps keyed by id, keeping the keys, and the fields beside the list', () => {
    const tasks = {
      '5000': { jediTaskID: 5000, status: 'running', lockedBy: null },
      '5001': { jediTaskID: 5001, status: 'done' },
    };
    expect(bodyOf(shape('task_get_tasks_modified_since', tasks, { offset: 1 })).data).toEqual({
      '5001': { jediTaskID: 5001, status: 'done' },
    });
    const details = { jediTaskID: 5000, statistics: 'failed*2', PandaID: [1, 2, 3, 4] };
    expect(bodyOf(shape('task_get_details', details, { limit: 2 })).data).toEqual({
      jediTaskID: 5000,
      statistics: 'failed*2',
      PandaID: [1, 2],
    });
  });

  it('every result, cut or not, validates against the declared outputSchema', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(outputSchemaOf(resultShapeOf('task_get_job_descriptions'))!);
    for (const options of [
      {},
      { offset: 1999 },
      { offset: 5000 },
      { fields: { view: 'named' as const, fields: ['x'] } },
    ]) {
      const sut = shape('task_get_job_descriptions', jobs, options);
      expect(validate(sut.structuredContent)).toBe(true);
    }
  });

  it('shortens the long strings of a record that alone is larger than the budget', () => {
    const huge = [job(1, { jobParameters: 'p'.repeat(200_000) }), job(2)];
    const sut = shape('task_get_job_descriptions', huge, { fields: { view: 'full' } });
    expect(Buffer.byteLength(JSON.stringify(sut))).toBeLessThanOrEqual(budget);
    expect(bodyOf(sut).page).toMatchObject({ count: 1, shortenedTo: 2000, nextOffset: 1 });
    expect(wordsOf(sut)).toContain('shortened');
  });

  it('keeps an answer of a tool without paging within the budget: leading entries, or the beginning of its text', () => {
    const statuses = Array.from({ length: 50_000 }, (_, i) => ({ status: 'finished', command: null, i }));
    const list = shape('job_get_status', statuses);
    expect(Buffer.byteLength(JSON.stringify(list))).toBeLessThanOrEqual(budget);
    expect(JSON.parse((list.content[0] as { text: string }).text).length).toBeGreaterThan(100);
    expect(wordsOf(list)).toContain('This tool has no paging');
    const big = shape('task_get_task_parameters', 'x'.repeat(500_000));
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThanOrEqual(budget);
    expect(wordsOf(big)).toContain('only its beginning is shown');
  });

  it('cuts with any budget, multi-byte text included', () => {
    const names = Array.from({ length: 3000 }, (_, i) => ({
      PandaID: i,
      jobStatus: 'failed',
      pilotErrorDiag: `ошибка ✗ "${i}"\n`,
    }));
    for (const tokens of [1000, 5000, 20000]) {
      const sut = shape('task_get_job_descriptions', names, {}, tokens);
      expect(Buffer.byteLength(JSON.stringify(sut))).toBeLessThanOrEqual(tokens * 4);
      expect(bodyOf(sut).page.count).toBeGreaterThan(0);
    }
  });
});

describe('shapeAnswer with hostile keys', () => {
  it('keeps a "__proto__" key of a PanDA map as a key', () => {
    const data = JSON.parse('{"a": {"x": 1}, "__proto__": {"y": 2}, "b": {"z": 3}}') as unknown;
    const result = shapeAnswer({
      toolName: 'metaconfig_get_banned_users',
      data,
      message: '',
      shape: resultShapeOf('metaconfig_get_banned_users'),
      options: { ...DEFAULT_SHAPING, offset: 1 },
      structured: false,
      budgetTokens: 20000,
    });
    expect(JSON.parse((result.content[0] as { text: string }).text).data).toEqual(
      JSON.parse('{"__proto__": {"y": 2}, "b": {"z": 3}}'),
    );
  });
});

describe('shapeAnswer at the edges', () => {
  const ajv = new Ajv({ strict: false });
  const validates = (toolName: string, result: CallToolResult) =>
    ajv.compile(outputSchemaOf(resultShapeOf(toolName))!)(result.structuredContent);

  it('answers a tool with an output schema validly when PanDA sends no data, and says so when it sends another shape', () => {
    const empty = shape('task_get_job_ids', null);
    expect(empty.structuredContent).toEqual({ data: null, page: { total: 0, offset: 0, count: 0 } });
    expect(validates('task_get_job_ids', empty)).toBe(true);
    const other = shape('task_get_job_ids', { error: 'x' });
    expect(other.isError).toBe(true);
    expect(wordsOf(other) + (other.content[0] as { text: string }).text).toContain(
      'not the list of PandaIDs',
    );
  });

  it('pages the files of thousands of datasets, each dataset in the parts that show its files', () => {
    const data = Array.from({ length: 2000 }, (_, d) => ({
      dataset: { name: `user.alice.in${d}`, id: d },
      files: d % 7 === 0 ? [] : [{ lfn: `f${d}.a` }, { lfn: `f${d}.b` }],
    }));
    const lfns: string[] = [];
    const datasets: number[] = [];
    let offset: number | undefined = 0;
    for (let calls = 0; offset !== undefined && calls < 100; calls++) {
      const result = shape('task_get_datasets_and_files', data, { offset });
      expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(budget);
      expect(validates('task_get_datasets_and_files', result)).toBe(true);
      const body = bodyOf(result) as unknown as {
        data: Array<{ dataset: { id: number }; files: Array<{ lfn: string }> }>;
        page: Page;
      };
      for (const d of body.data) {
        datasets.push(d.dataset.id);
        lfns.push(...d.files.map((f) => f.lfn));
      }
      offset = body.page.nextOffset;
    }
    expect(offset).toBeUndefined();
    expect(lfns).toEqual(data.flatMap((d) => d.files.map((f) => f.lfn)));
    expect(new Set(datasets.filter((id) => id % 7 === 0)).size).toBe(286);
    expect(datasets.filter((id) => id % 7 === 0)).toHaveLength(286);
  });

  it('moves on with a placeholder when one record cannot fit even shortened, and never advises parameters the tool lacks', () => {
    const data = { a: Array.from({ length: 30_000 }, (_, i) => i), b: 1 };
    const result = shape('metaconfig_get_banned_users', data);
    const body = bodyOf(result);
    expect(body.page).toMatchObject({ offset: 0, count: 1, nextOffset: 1 });
    expect(body.data).toEqual({
      a: { omitted: expect.stringContaining('bytes, larger than the result budget') },
    });
    expect(wordsOf(result)).not.toContain('mcp_fields');
    expect(bodyOf(shape('metaconfig_get_banned_users', data, { offset: 1 })).data).toEqual({ b: 1 });
  });

  it('counts the keys of a map, and stays within the budget with 100,000 long keys', () => {
    const data = Object.fromEntries(
      Array.from({ length: 100_000 }, (_, i) => [`site-${'x'.repeat(1000)}-${i}`, i]),
    );
    const result = shape('metaconfig_get_banned_users', data);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(budget);
    expect(bodyOf(result).page.count).toBeGreaterThan(30);
  });

  it('keeps a long message of control characters within a small budget', () => {
    const result = shapeAnswer({
      toolName: 'task_get_job_ids',
      data: [1, 2, 3],
      message: '\u0001'.repeat(5000),
      shape: resultShapeOf('task_get_job_ids'),
      options: DEFAULT_SHAPING,
      structured: true,
      budgetTokens: 1000,
    });
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(4000);
    expect(bodyOf(result).data).toEqual([1, 2, 3]);
  });

  it("says the last part is the last of PanDA's answer when PanDA cut it", () => {
    const capped = Array.from({ length: PANDA_JOB_DESCRIPTION_CAP }, (_, i) => ({
      PandaID: i,
      jobStatus: 'failed',
    }));
    const words = wordsOf(shape('task_get_job_descriptions', capped, { offset: 5490 }));
    expect(words).toContain("This is the last part of PanDA's answer.");
    expect(words).toContain('there may be more');
  });
});
