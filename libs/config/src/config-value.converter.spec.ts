import { convertConfigValue } from './config-value.converter';

describe(convertConfigValue.name, () => {
  const sut = convertConfigValue;

  describe('lists', () => {
    it.each([
      ['atlas', ['atlas']],
      ['atlas,cms', ['atlas', 'cms']],
      [' atlas , cms ,, lsst ', ['atlas', 'cms', 'lsst']],
      ['atlas cms\tsphenix', ['atlas', 'cms', 'sphenix']],
      ['atlas, atlas', ['atlas']],
      ['a.b_c:d-e', ['a.b_c:d-e']],
    ])('parses the list %j', (text, expected) => {
      expect(sut('voList', text)).toEqual({ ok: true, value: expected });
    });

    it('accepts a JSON array of strings', () => {
      expect(sut('voList', [' atlas', 'cms', '', 'cms'])).toEqual({ ok: true, value: ['atlas', 'cms'] });
    });

    it('lowercases host lists and drops the duplicates that makes', () => {
      expect(sut('hostList', 'panda.example.org, Panda.Example.org:443 PANDA.example.org')).toEqual({
        ok: true,
        value: ['panda.example.org', 'panda.example.org:443'],
      });
    });

    it('rejects JSON arrays holding something else than strings', () => {
      expect(sut('voList', ['atlas', 7])).toEqual({
        ok: false,
        problem: 'must be a list of VO names separated by commas or whitespace, or a JSON array of strings',
      });
    });
  });

  describe('booleans', () => {
    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['On', true],
      ['false', false],
      ['False', false],
      ['0', false],
      ['no', false],
      ['OFF', false],
      [true, true],
      [0, false],
    ])('parses the boolean %j', (raw, expected) => {
      expect(sut('bool', raw)).toEqual({ ok: true, value: expected });
    });

    it.each(['maybe', 2, null])('rejects %j', (raw) => {
      expect(sut('bool', raw)).toEqual({
        ok: false,
        problem: 'must be a boolean (true/false, yes/no, on/off or 1/0)',
      });
    });
  });

  describe('numbers', () => {
    it.each([
      ['int', ' 8080 ', 8080],
      ['int', 8080, 8080],
      ['int', 80.5, 80.5], // left to the DTO, which names the range
      ['number', '2.5', 2.5],
      ['number', '.5e1', 5],
      ['number', 0.5, 0.5],
    ] as const)('reads %s %j as %j', (kind, raw, expected) => {
      expect(sut(kind, raw)).toEqual({ ok: true, value: expected });
    });

    it.each([
      ['int', '1e6', 'must be an integer'],
      ['int', '80.5', 'must be an integer'],
      ['number', 'soon', 'must be a number'],
      ['number', true, 'must be a number'],
    ] as const)('rejects %s %j', (kind, raw, problem) => {
      expect(sut(kind, raw)).toEqual({ ok: false, problem });
    });
  });

  describe('strings', () => {
    it('lowercases the transport', () => {
      expect(sut('transport', ' SSE ')).toEqual({ ok: true, value: 'sse' });
    });

    it('accepts a bracketed IPv6 bind address', () => {
      expect(sut('host', '[::1]')).toEqual({ ok: true, value: '::1' });
    });

    it('trims paths', () => {
      expect(sut('path', ' /etc/x.json ')).toEqual({ ok: true, value: '/etc/x.json' });
    });

    it.each([
      ['transport', 1, 'must be a string: "streamable-http" or "sse"'],
      ['host', 1, 'must be a host name or an IP address'],
      ['path', ['/x'], 'must be a file or directory path (a string)'],
      ['url', {}, 'must be an http(s) URL'],
    ] as const)('rejects a %s that is not a string', (kind, raw, problem) => {
      expect(sut(kind, raw)).toEqual({ ok: false, problem });
    });
  });

  describe('panda_api_url', () => {
    it.each([
      ['https://panda.example.org:25443', 'https://panda.example.org:25443/api/v1'],
      ['https://panda.example.org:25443/', 'https://panda.example.org:25443/api/v1'],
      ['https://panda.example.org:25443/api/v1/', 'https://panda.example.org:25443/api/v1'],
      ['https://panda.example.org/server/panda///', 'https://panda.example.org/server/panda'],
      ['HTTPS://Panda.Example.ORG:443/api/v1', 'https://panda.example.org/api/v1'],
      ['http://127.0.0.1:25080', 'http://127.0.0.1:25080/api/v1'],
      ['http://[::1]:8080/api/v1', 'http://[::1]:8080/api/v1'],
    ])('normalises %s to %s', (url, expected) => {
      expect(sut('url', url)).toEqual({ ok: true, value: expected });
    });

    it.each([
      ['ftp://panda.example.org/api/v1', 'must use http or https'],
      ['panda.example.org/api/v1', 'must be an absolute http(s) URL'],
      ['https://panda.example.org/api/v1?x=1', 'must not have a query or fragment'],
      ['https://panda.example.org/api/v1#top', 'must not have a query or fragment'],
      ['https://panda.example.org/api/v1?', 'must not have a query or fragment'],
    ])('rejects %s', (url, problem) => {
      expect(sut('url', url)).toEqual({ ok: false, problem });
    });

    it('rejects credentials in the URL and gives a form of it without them to show', () => {
      expect(sut('url', 'https://user:s3cret@panda.example.org/api/v1')).toEqual({
        ok: false,
        problem: 'must not contain credentials',
        shown: 'https://***@panda.example.org/api/v1',
      });
    });
  });
});
