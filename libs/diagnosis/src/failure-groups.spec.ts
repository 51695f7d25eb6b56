import { ErrorCatalogue } from './error-catalogue';
import { ErrorField, groupFailures } from './failure-groups';

const FIELDS: ErrorField[] = [
  { component: 'pilot', codeField: 'pilotErrorCode', diagField: 'pilotErrorDiag' },
  { component: 'exe', codeField: 'exeErrorCode', diagField: 'exeErrorDiag' },
  { component: 'ddm', codeField: 'ddmErrorCode', diagField: 'ddmErrorDiag' },
];

function failed(id: number, extra: Record<string, unknown>) {
  return {
    PandaID: id,
    jobStatus: 'failed',
    computingSite: 'ANALY_CERN',
    endTime: `2026-11-29T0${id % 10}:00:00`,
    ...extra,
  };
}

describe(groupFailures.name, () => {
  const jobs = [
    ...Array.from({ length: 6 }, (_, i) =>
      failed(i, {
        pilotErrorCode: 1305,
        pilotErrorDiag: `payload failed (65), see /srv/PanDA_Pilot-${i}/x`,
        exeErrorCode: 65,
      }),
    ),
    ...Array.from({ length: 3 }, (_, i) =>
      failed(10 + i, {
        pilotErrorCode: 0,
        exeErrorCode: 0,
        ddmErrorCode: 200,
        ddmErrorDiag: 'timeout',
        computingSite: 'ANALY_FZK',
      }),
    ),
    failed(20, { pilotErrorCode: '0', ddmErrorCode: null }),
  ];

  it('groups by the first error set, with normalised diagnostics, sites, times and examples', () => {
    const sut = groupFailures(jobs, FIELDS);
    expect(sut).toMatchObject({ failedJobs: 10, withoutCode: 1, otherGroups: 0 });
    expect(sut.groups[0]).toEqual({
      component: 'pilot',
      field: 'pilotErrorCode',
      code: 1305,
      count: 6,
      share: 0.6,
      sites: [{ site: 'ANALY_CERN', count: 6 }],
      firstTime: '2026-11-29T00:00:00',
      lastTime: '2026-11-29T05:00:00',
      examplePandaIds: [0, 1, 2],
      diagnostics: [{ text: 'payload failed (<n>), see <path>', count: 6 }],
      alsoSet: [{ field: 'exeErrorCode', code: 65, count: 6 }],
    });
    expect(sut.groups[1]).toMatchObject({
      component: 'ddm',
      code: 200,
      count: 3,
      sites: [{ site: 'ANALY_FZK', count: 3 }],
    });
  });

  it('lists at most maxGroups and counts the rest', () => {
    const many = Array.from({ length: 50 }, (_, i) => failed(i, { pilotErrorCode: 1000 + i }));
    const sut = groupFailures(many, FIELDS, {
      maxGroups: 5,
      maxSites: 1,
      maxExamples: 1,
      maxDiagnostics: 1,
      maxAlsoSet: 1,
    });
    expect(sut.groups).toHaveLength(5);
    expect(sut).toMatchObject({ otherGroups: 45, otherGroupsJobs: 45 });
  });
});

describe('groupFailures with the shipped catalogue', () => {
  it("takes the catalogue's fields: pilot first, then the payload's codes, each with its diagnostic", () => {
    const fields = ErrorCatalogue.bundledCatalogue().groupingFields();
    expect(fields.slice(0, 3)).toEqual([
      { component: 'pilot', codeField: 'pilotErrorCode', diagField: 'pilotErrorDiag' },
      { component: 'exe', codeField: 'exeErrorCode', diagField: 'exeErrorDiag' },
      { component: 'exe', codeField: 'transExitCode' },
    ]);
    const sut = groupFailures([{ PandaID: 1, transExitCode: 137, taskBufferErrorCode: 100 }], fields);
    expect(sut.groups[0]).toMatchObject({ component: 'exe', field: 'transExitCode', code: 137 });
    expect(sut.groups[0].alsoSet).toEqual([{ field: 'taskBufferErrorCode', code: 100, count: 1 }]);
  });
});
