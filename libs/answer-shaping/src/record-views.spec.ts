import { compactSite, compactTask, viewOf } from './record-views';

describe(viewOf.name, () => {
  it('shows a task compactly, with its datasets in short', () => {
    const task = {
      jediTaskID: 5000,
      status: 'running',
      taskName: 'user.alice.test',
      userName: 'Alice Anderson',
      lockedBy: null,
      splitRule: 'NG=1',
      errorDialog: '',
      datasets: [{ datasetID: 1, datasetName: 'in', nFiles: 10, type: 'input', vo: 'atlas', lockedBy: null }],
    };
    expect(compactTask(task)).toEqual({
      jediTaskID: 5000,
      status: 'running',
      taskName: 'user.alice.test',
      userName: 'Alice Anderson',
      datasets: [{ datasetID: 1, datasetName: 'in', nFiles: 10, type: 'input' }],
    });
  });

  it('leaves a site whole when too few known fields are there (another PanDA version)', () => {
    expect(compactSite({ a: 1, b: 2, status: 'online' })).toEqual({ a: 1, b: 2, status: 'online' });
  });

  it('selects own fields only, whatever the names', () => {
    const view = viewOf(
      'job',
      { PandaID: 1, jobStatus: 'failed' },
      { view: 'named', fields: ['__proto__', 'constructor', 'jobStatus'] },
    );
    expect(view).toEqual({ PandaID: 1, jobStatus: 'failed' });
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
  });

  it('passes values that are not records of the kind unchanged', () => {
    expect(viewOf('job', null, { view: 'compact' })).toBeNull();
    expect(viewOf('job', { other: 1 }, { view: 'compact' })).toEqual({ other: 1 });
    expect(viewOf('value', { a: 1 }, { view: 'named', fields: ['b'] })).toEqual({ a: 1 });
  });
});
