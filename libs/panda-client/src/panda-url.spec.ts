import { buildPandaUrl } from './panda-url';

describe(buildPandaUrl.name, () => {
  it('appends the endpoint path to the configured base', () => {
    expect(buildPandaUrl('https://pandaserver.cern.ch:25443/api/v1', '/task/get_status').href).toBe(
      'https://pandaserver.cern.ch:25443/api/v1/task/get_status',
    );
    expect(buildPandaUrl('http://127.0.0.1:1/api/v1/', '/creds/get_proxy').href).toBe(
      'http://127.0.0.1:1/api/v1/creds/get_proxy',
    );
  });

  it.each([
    '//evil.example/x',
    '/task/../../admin',
    '/task/get_status?x=1',
    'task',
    '/a b',
    '/@evil.example',
  ])('refuses a path that could change host or escape the base: %s', (path) => {
    expect(() => buildPandaUrl('https://pandaserver.cern.ch/api/v1', path)).toThrow(/refusing endpoint path/);
  });
});
