import { ConfigSources, readConfigSources } from './config-sources.reader';
import { InMemoryConfigFsContents, createInMemoryConfigFs } from './testing/in-memory-config-fs';

const JSON_PATH = '/opt/panda/etc/config_json/panda_server_config.json';
const CFG_PATH = '/opt/panda/etc/panda/panda_server.cfg';

describe(readConfigSources.name, () => {
  const sut = readConfigSources;

  function read(env: NodeJS.ProcessEnv = {}, contents: InMemoryConfigFsContents = {}): ConfigSources {
    return sut(env, createInMemoryConfigFs(contents));
  }

  describe('environment', () => {
    it('trims values and treats empty ones as not set', () => {
      const { envValue } = read({ A: ' a ', B: '', C: '  ' });

      expect([envValue('A'), envValue('B'), envValue('C'), envValue('D')]).toEqual([
        'a',
        undefined,
        undefined,
        undefined,
      ]);
    });
  });

  describe('files', () => {
    it('is happy without any file', () => {
      expect(read()).toMatchObject({ pandaHome: '/opt/panda', sections: [], problems: [] });
    });

    it('reads the JSON mcp object first, then the [mcp] section of panda_server.cfg, naming every source', () => {
      const { sections, problems } = read(
        {},
        {
          files: {
            [JSON_PATH]: JSON.stringify({ server: { db_password: 'x' }, mcp: { port: 2000 } }),
            [CFG_PATH]: '[server]\nfoo = bar\n\n[mcp]\nPort = 1000\n',
          },
        },
      );

      expect(problems).toEqual([]);
      expect(sections.map((s) => [s.label, s.describe('port'), { ...s.values }])).toEqual([
        [
          `panda_server_config.json (${JSON_PATH}) mcp`,
          `panda_server_config.json (${JSON_PATH}) mcp.port`,
          { port: 2000 },
        ],
        [
          `panda_server.cfg (${CFG_PATH}) [mcp]`,
          `panda_server.cfg (${CFG_PATH}) [mcp] port`,
          { port: '1000' },
        ],
      ]);
    });

    it('follows PANDA_HOME', () => {
      const { pandaHome, sections } = read(
        { PANDA_HOME: '/srv/panda' },
        {
          files: {
            '/srv/panda/etc/config_json/panda_server_config.json': JSON.stringify({ mcp: { port: 1111 } }),
            '/srv/panda/etc/panda/panda_server.cfg': '[mcp]\nhost = 127.0.0.1\n',
          },
        },
      );

      expect(pandaHome).toBe('/srv/panda');
      expect(sections.map((s) => ({ ...s.values }))).toEqual([{ port: 1111 }, { host: '127.0.0.1' }]);
    });

    it('reads panda_server.cfg from PANDA_SERVER_CFG', () => {
      const { sections } = read(
        { PANDA_SERVER_CFG: '/etc/p.cfg' },
        { files: { '/etc/p.cfg': '[mcp]\nport = 2222', [CFG_PATH]: '[mcp]\nport = 1' } },
      );

      expect(sections.map((s) => s.label)).toEqual(['panda_server.cfg (/etc/p.cfg) [mcp]']);
      expect(sections[0].values.port).toBe('2222');
    });

    it('reads Python configparser syntax: colon separators and continuation lines', () => {
      const { sections } = read(
        {},
        { files: { [CFG_PATH]: '[mcp]\ntransport: sse\nallowed_vos =\n    atlas\n    cms' } },
      );

      expect({ ...sections[0].values }).toEqual({ transport: 'sse', allowed_vos: 'atlas cms' });
    });

    it('ignores a panda_server_config.json without an mcp object, and a panda_server.cfg without [mcp]', () => {
      expect(
        read({}, { files: { [JSON_PATH]: '{"server": {}}', [CFG_PATH]: '[server]\nx = 1' } }),
      ).toMatchObject({
        sections: [],
        problems: [],
      });
    });
  });

  describe('problems', () => {
    it('fails when PANDA_SERVER_CFG names a missing file', () => {
      expect(read({ PANDA_SERVER_CFG: '/etc/nope.cfg' }).problems).toEqual([
        'PANDA_SERVER_CFG: no such file; got "/etc/nope.cfg" from env PANDA_SERVER_CFG',
      ]);
    });

    it('reports a broken panda_server_config.json without quoting it', () => {
      const { problems } = read(
        {},
        { files: { [JSON_PATH]: '{"server": {"password": "hunter2"} "mcp": {}}' } },
      );

      expect(problems).toEqual([
        `panda_server_config.json (${JSON_PATH}): is not valid JSON (syntax error at line 1, column 36)`,
      ]);
      expect(problems.join('\n')).not.toContain('hunter2');
    });

    it('reports a panda_server_config.json that is not an object', () => {
      expect(read({}, { files: { [JSON_PATH]: '[1]' } }).problems).toEqual([
        `panda_server_config.json (${JSON_PATH}): must hold a JSON object`,
      ]);
    });

    it('reports a panda_server_config.json whose mcp is not an object', () => {
      expect(read({}, { files: { [JSON_PATH]: '{"mcp": ["sse"]}' } }).problems).toEqual([
        `mcp: must be a JSON object of settings; got "["sse"]" from panda_server_config.json (${JSON_PATH}) mcp`,
      ]);
    });

    it('reports an unreadable panda_server.cfg', () => {
      expect(read({}, { files: { [CFG_PATH]: '[mcp]' }, unreadable: [CFG_PATH] }).problems).toEqual([
        `panda_server.cfg (${CFG_PATH}): cannot be read (EACCES)`,
      ]);
    });

    it('reports malformed [mcp] lines and still reads the others', () => {
      const { problems, sections } = read(
        {},
        { files: { [CFG_PATH]: '[server]\nfoo = bar\n\n[mcp]\nport = 1\njust some words\n' } },
      );

      expect(problems).toEqual([`panda_server.cfg (${CFG_PATH}) [mcp] line 6: expected "key = value"`]);
      expect(sections[0].values.port).toBe('1');
    });

    it('reports the JSON file before panda_server.cfg', () => {
      const { problems } = read(
        {},
        { files: { [JSON_PATH]: '', [CFG_PATH]: '[mcp]' }, unreadable: [CFG_PATH] },
      );

      expect(problems).toEqual([
        `panda_server_config.json (${JSON_PATH}): is not valid JSON (unexpected end of input)`,
        `panda_server.cfg (${CFG_PATH}): cannot be read (EACCES)`,
      ]);
    });
  });
});
