import { queueDetail, siteModel } from './site.model';

describe(siteModel.name, () => {
  const all = {
    window: 'the last 60 minutes',
    all: { queues: 3, jobs: 130, finished: 60, failed: 20, failedFraction: 0.25 },
    shown: 'all 3 queues',
    queues: [
      {
        site: 'A',
        jobs: 50,
        byState: { finished: 10, failed: 10, running: 30 },
        queued: 0,
        failedFraction: 0.5,
      },
      {
        site: 'B',
        jobs: 70,
        byState: { finished: 50, failed: 10, running: 10 },
        queued: 0,
        failedFraction: 0.167,
      },
      { site: 'C', jobs: 10, byState: { running: 10 }, queued: 0 },
    ],
  };

  it('draws each queue as its failed fraction of ended jobs, on a 0..1 scale', () => {
    const sut = siteModel(all);
    expect(sut.queues).toEqual([
      { label: 'A', value: 0.5, size: 0.5, text: '50% (10 of 20)' },
      { label: 'B', value: 0.167, size: 0.167, text: '16.7% (10 of 60)' },
      { label: 'C', value: 0, size: 0, text: 'none ended' },
    ]);
    expect(sut.summary).toBe('3 queues · 130 jobs · 25% of ended jobs failed');
    expect(sut.detail).toBeUndefined();
  });

  it("reads one queue's answer as its jobs by state, largest first", () => {
    const one = { window: 'x', queue: all.queues[0], rank: '1 of 3 queues by failed fraction (1 = worst)' };
    expect(queueDetail(one)).toEqual({
      site: 'A',
      rank: '1 of 3 queues by failed fraction (1 = worst)',
      jobs: 50,
      states: [
        { label: 'running', value: 30, size: 1, text: '30' },
        { label: 'finished', value: 10, size: 1 / 3, text: '10' },
        { label: 'failed', value: 10, size: 1 / 3, text: '10' },
      ],
    });
    expect(siteModel(one).summary).toBe('50 jobs');
  });

  it('draws nothing from anything else, never throwing', () => {
    for (const input of [undefined, null, 'x', [], { queues: 'many' }, { queue: { site: 3 } }]) {
      expect(siteModel(input).queues).toEqual([]);
      expect(queueDetail(input)).toBeUndefined();
    }
  });
});
