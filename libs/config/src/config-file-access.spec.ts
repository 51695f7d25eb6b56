import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeConfigFileAccess } from './config-file-access';
import { loadPandaMcpConfig } from './panda-mcp-config.loader';

describe('nodeConfigFileAccess', () => {
  const sut = nodeConfigFileAccess;
  let home: string;

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-config-'));
    fs.mkdirSync(path.join(home, 'etc/panda'), { recursive: true });
    fs.mkdirSync(path.join(home, 'etc/config_json'), { recursive: true });
    fs.writeFileSync(path.join(home, 'etc/panda/panda_server.cfg'), '[mcp]\ntransport = sse\nport = 1234\n');
    fs.writeFileSync(
      path.join(home, 'etc/config_json/panda_server_config.json'),
      JSON.stringify({ mcp: { port: 5678 } }),
    );
  });

  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('tells files, directories and missing paths apart', () => {
    const cfg = path.join(home, 'etc/panda/panda_server.cfg');

    expect([sut.exists(cfg), sut.isDirectory(cfg), sut.isReadableFile(cfg)]).toEqual([true, false, true]);
    expect([sut.exists(home), sut.isDirectory(home), sut.isReadableFile(home)]).toEqual([true, true, false]);
    expect([sut.exists(`${cfg}.x`), sut.isDirectory(`${cfg}.x`), sut.isReadableFile(`${cfg}.x`)]).toEqual([
      false,
      false,
      false,
    ]);
    expect(sut.readText(cfg)).toContain('[mcp]');
    expect(() => sut.readText(`${cfg}.x`)).toThrow();
  });

  it('lets loadPandaMcpConfig read real files below PANDA_HOME', () => {
    const { config } = loadPandaMcpConfig({ env: { PANDA_HOME: home } });

    expect(config).toMatchObject({ transport: 'sse', port: 5678, endpointListFile: undefined });
  });
});
