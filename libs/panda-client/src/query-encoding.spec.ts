import { encodePandaQuery } from './query-encoding';

describe(encodePandaQuery.name, () => {
  it('repeats the key for each list item, as PanDA expects', () => {
    expect(encodePandaQuery({ job_ids: [1, 2, 3] }).toString()).toBe('job_ids=1&job_ids=2&job_ids=3');
  });

  it('writes booleans and numbers as text PanDA casts back', () => {
    expect(encodePandaQuery({ include_status: true, full: false, days: 3 }).toString()).toBe(
      'include_status=true&full=false&days=3',
    );
  });

  it('leaves out null and undefined so PanDA applies its default', () => {
    expect(encodePandaQuery({ task_id: 7, dn: null, since: undefined }).toString()).toBe('task_id=7');
  });

  it('percent-encodes values and sends objects as JSON', () => {
    const query = encodePandaQuery({ since: '2026-01-01 00:00', filters: { status: 'running' } });
    expect(query.toString()).toBe('since=2026-01-01+00%3A00&filters=%7B%22status%22%3A%22running%22%7D');
  });

  it('keeps an empty list empty', () => {
    expect(encodePandaQuery({ dataset_types: [] }).toString()).toBe('');
  });
});
