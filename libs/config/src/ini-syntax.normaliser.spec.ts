import { normaliseIniSyntax } from './ini-syntax.normaliser';

describe(normaliseIniSyntax.name, () => {
  const sut = normaliseIniSyntax;

  it('turns colon separators into equals signs', () => {
    expect(sut('[mcp]\ntransport: sse\nport=1234', 'mcp').text).toBe('[mcp]\ntransport = sse\nport = 1234');
  });

  it('joins indented continuation lines to their key, with a space', () => {
    expect(sut('[mcp]\nallowed_vos =\n    atlas\n    cms\nport = 1', 'mcp').text).toBe(
      '[mcp]\nallowed_vos = atlas cms\n\n\nport = 1',
    );
  });

  it('does not continue a key across a blank line', () => {
    expect(sut('[mcp]\na = 1\n\n  b = 2', 'mcp').text).toBe('[mcp]\na = 1\n\nb = 2');
  });

  it('trims section headers and keeps comments', () => {
    expect(sut('[ mcp ]\n# note\n; other', 'mcp').text).toBe('[mcp]\n# note\n; other');
  });

  it('lists the 1-based numbers of malformed lines of the section asked for only', () => {
    const { text, badLines } = sut('[server]\nstray words\n[mcp]\nport = 1\njust some words\n=x', 'mcp');

    expect(badLines).toEqual([5, 6]);
    expect(text).toBe('[server]\n\n[mcp]\nport = 1\n\n');
  });

  it('accepts CRLF and CR line ends', () => {
    expect(sut('[mcp]\r\nport: 1\rhost: h', 'mcp').text).toBe('[mcp]\nport = 1\nhost = h');
  });
});
