import { OriginPolicy } from './origin-policy';

describe(OriginPolicy.name, () => {
  const open = new OriginPolicy({ allowedHosts: [], allowedVos: [], bindHost: '0.0.0.0' });

  describe('checkOrigin', () => {
    it('accepts a request without Origin and forwards nothing', () => {
      expect(open.checkOrigin(undefined)).toEqual({ accepted: true });
      expect(open.checkOrigin('')).toEqual({ accepted: true });
    });

    it.each(['atlas', 'atlas:production', 'atlas.production', 'sphenix', 'Vera_Rubin-1'])(
      'accepts the VO name %s and forwards it',
      (vo) => {
        expect(open.checkOrigin(vo)).toEqual({ accepted: true, vo });
      },
    );

    it.each(['http://localhost:3000', 'https://127.0.0.1', 'http://[::1]:8080'])(
      'accepts the local browser origin %s without forwarding it as a VO',
      (origin) => {
        expect(open.checkOrigin(origin)).toEqual({ accepted: true });
      },
    );

    it.each([
      'http://evil.example.com',
      'null',
      'https://pandaserver.cern.ch',
      'atlas production',
      'a'.repeat(65),
      'file://x/y',
    ])('refuses %s', (origin) => {
      expect(open.checkOrigin(origin)).toMatchObject({ accepted: false });
    });

    it('accepts a serialized origin whose host is in allowed_hosts', () => {
      const sut = new OriginPolicy({
        allowedHosts: ['pandaserver.cern.ch'],
        allowedVos: [],
        bindHost: '0.0.0.0',
      });
      expect(sut.checkOrigin('https://pandaserver.cern.ch')).toEqual({ accepted: true });
    });

    it('restricts VOs to allowed_vos, counting roles as their VO', () => {
      const sut = new OriginPolicy({ allowedHosts: [], allowedVos: ['atlas'], bindHost: '0.0.0.0' });
      expect(sut.checkOrigin('atlas:production')).toEqual({ accepted: true, vo: 'atlas:production' });
      expect(sut.checkOrigin('cms')).toEqual({ accepted: false, reason: 'VO "cms" is not served here' });
    });
  });

  describe('checkHost', () => {
    it('accepts any Host when bound to all interfaces with no allowed_hosts', () => {
      expect(open.checkHost('pandaserver.cern.ch')).toEqual({ accepted: true });
    });

    it('accepts only local names when bound to loopback', () => {
      const sut = new OriginPolicy({ allowedHosts: [], allowedVos: [], bindHost: '127.0.0.1' });
      expect(sut.checkHost('localhost:25888')).toEqual({ accepted: true });
      expect(sut.checkHost('127.0.0.1:25888')).toEqual({ accepted: true });
      expect(sut.checkHost('[::1]:25888')).toEqual({ accepted: true });
      expect(sut.checkHost('attacker.example:25888')).toMatchObject({ accepted: false });
    });

    it('accepts allowed_hosts with or without a port', () => {
      const sut = new OriginPolicy({
        allowedHosts: ['pandaserver.cern.ch'],
        allowedVos: [],
        bindHost: '0.0.0.0',
      });
      expect(sut.checkHost('pandaserver.cern.ch:25443')).toEqual({ accepted: true });
      expect(sut.checkHost('other.cern.ch')).toMatchObject({ accepted: false });
      expect(sut.checkHost(undefined)).toMatchObject({ accepted: false });
    });

    it('holds an allowed_hosts entry with a port to that port', () => {
      const sut = new OriginPolicy({
        allowedHosts: ['pandaserver.cern.ch:8443'],
        allowedVos: [],
        bindHost: '0.0.0.0',
      });
      expect(sut.checkHost('pandaserver.cern.ch:8443')).toEqual({ accepted: true });
      expect(sut.checkHost('pandaserver.cern.ch:9999')).toMatchObject({ accepted: false });
      expect(sut.checkHost('pandaserver.cern.ch')).toMatchObject({ accepted: false });
      expect(sut.checkOrigin('https://pandaserver.cern.ch:8443')).toEqual({ accepted: true });
      expect(sut.checkOrigin('https://pandaserver.cern.ch:9999')).toMatchObject({ accepted: false });
    });
  });
});
