import { clipForMessage, formatConfigProblem } from './config-problem.formatter';

describe(formatConfigProblem.name, () => {
  const sut = formatConfigProblem;

  it('names the key, the problem, the value and its source', () => {
    expect(sut('port', 'must be an integer', { source: 'env PANDA_SERVER_CONF_PORT_MCP', raw: 'x' })).toBe(
      'port: must be an integer; got "x" from env PANDA_SERVER_CONF_PORT_MCP',
    );
  });

  it('shows JSON values as JSON', () => {
    expect(sut('allowed_vos', 'is bad', { source: 'f', raw: ['atlas', 7] })).toBe(
      'allowed_vos: is bad; got "["atlas",7]" from f',
    );
  });

  it('shows `shown` instead of the raw value', () => {
    expect(
      sut('panda_api_url', 'is bad', { source: 'f', raw: 'https://u:pw@h/', shown: 'https://***@h/' }),
    ).toBe('panda_api_url: is bad; got "https://***@h/" from f');
  });

  it('shows at most 100 characters of a value', () => {
    const problem = sut('transport', 'is bad', { source: 'f', raw: 'x'.repeat(300) });

    expect(problem).toContain(`got "${'x'.repeat(100)}..." from`);
    expect(problem).not.toContain('x'.repeat(101));
  });
});

describe(clipForMessage.name, () => {
  const sut = clipForMessage;

  it('replaces control characters', () => {
    expect(sut('a\nb\u001b[31mc\u007f')).toBe('a?b?[31mc?');
  });

  it('keeps short text as it is', () => {
    expect(sut('x'.repeat(100))).toBe('x'.repeat(100));
  });
});
