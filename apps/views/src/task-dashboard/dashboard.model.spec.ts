import { dashboardModel } from './dashboard.model';

describe(dashboardModel.name, () => {
  const structured = {
    task: { jediTaskID: 5000, taskName: 'user.alice.x/', status: 'running' },
    jobs: { total: 10, byStatus: { finished: 6, failed: 3, running: 1 } },
    failures: {
      failedJobs: 3,
      read: 3,
      groups: [
        {
          component: 'pilot',
          field: 'pilotErrorCode',
          code: 1305,
          count: 2,
          name: 'PAYLOAD_FAILED',
          meaning: 'x',
        },
        { component: 'ddm', field: 'ddmErrorCode', code: 200, count: 1, meaning: 'not catalogued' },
      ],
    },
    dashboard: {
      jobsRead: 10,
      sites: { rows: [{ site: 'A', jobs: 5, finished: 2, failed: 2, failedFraction: 0.5 }], otherSites: 0 },
      timeline: {
        bucketMinutes: 60,
        points: [
          { start: '2026-11-30T09:00:00.000Z', finished: 2, failed: 2 },
          { start: '2026-11-30T10:00:00.000Z', finished: 4, failed: 1 },
        ],
      },
    },
  };

  it('ranks the states and sizes each bar against the largest', () => {
    const sut = dashboardModel(structured);
    expect(sut.total).toBe(10);
    expect(sut.states.map((b) => [b.label, b.value, b.size])).toEqual([
      ['finished', 6, 1],
      ['failed', 3, 0.5],
      ['running', 1, 1 / 6],
    ]);
  });

  it('labels failure groups by component and code, with the catalogue name as their meaning', () => {
    const [first, second] = dashboardModel(structured).groups;
    expect(first).toMatchObject({
      label: 'pilot 1305',
      field: 'pilotErrorCode',
      code: 1305,
      meaning: 'PAYLOAD_FAILED',
    });
    expect(second).toMatchObject({ label: 'ddm 200', size: 0.5, meaning: 'not catalogued' });
  });

  it('shows sites as failed fractions with their counts, and the time range of the timeline', () => {
    const sut = dashboardModel(structured);
    expect(sut.sites).toEqual([{ label: 'A', value: 0.5, size: 0.5, text: '50% (2 of 4)' }]);
    expect(sut.timeline.map((c) => [c.label, c.finishedSize, c.failedSize])).toEqual([
      ['11-30 09:00', 0.4, 0.4],
      ['11-30 10:00', 0.8, 0.2],
    ]);
    expect(sut.timelineNote).toBe('jobs ended per 60 min, 11-30 09:00 to 11-30 10:00 UTC');
  });

  it('says when the sites are from a sample, and when groups are from part of the failed jobs', () => {
    const sut = dashboardModel({
      ...structured,
      failures: { ...structured.failures, failedJobs: 9000, read: 5500 },
      dashboard: { ...structured.dashboard, jobsRead: 5 },
    });
    expect(sut.groupsNote).toBe('groups from 5,500 of 9,000 failed jobs');
    expect(sut.sitesNote).toBe('failed / ended jobs per site (from 5 of the 10 jobs)');
  });

  it('draws what it can from anything, never throwing', () => {
    for (const input of [undefined, null, 'text', 42, [], { jobs: { byStatus: { finished: 'many' } } }]) {
      const sut = dashboardModel(input);
      expect(sut.states).toEqual([]);
      expect(sut.groups).toEqual([]);
    }
    expect(dashboardModel({ dashboardProblem: 'no sites' }).notes).toEqual(['no sites']);
  });
});
