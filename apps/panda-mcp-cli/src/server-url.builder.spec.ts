import { UsageError } from './cli.errors';
import { buildServerUrl, parsePort } from './server-url.builder';

describe(buildServerUrl.name, () => {
  it('defaults to https://localhost:25888/mcp/', () => {
    expect(buildServerUrl({}, {}).href).toBe('https://localhost:25888/mcp/');
  });

  it('builds from --host, --port and --use_http', () => {
    expect(buildServerUrl({ host: 'pandaserver.cern.ch', port: 443 }, {}).href).toBe(
      'https://pandaserver.cern.ch/mcp/',
    );
    expect(buildServerUrl({ host: '127.0.0.1', port: 8080, useHttp: true }, {}).href).toBe(
      'http://127.0.0.1:8080/mcp/',
    );
    expect(buildServerUrl({ host: '::1', port: 25888, useHttp: true }, {}).href).toBe(
      'http://[::1]:25888/mcp/',
    );
  });

  it('takes the default port from PANDA_SERVER_CONF_PORT_MCP, as the service does', () => {
    expect(buildServerUrl({ useHttp: true }, { PANDA_SERVER_CONF_PORT_MCP: '26000' }).href).toBe(
      'http://localhost:26000/mcp/',
    );
    expect(() => buildServerUrl({}, { PANDA_SERVER_CONF_PORT_MCP: 'x' })).toThrow(
      /PANDA_SERVER_CONF_PORT_MCP/,
    );
  });

  it('uses --url as given, and refuses it together with host flags or other schemes', () => {
    expect(buildServerUrl({ url: 'https://example.org/custom/mcp' }, {}).href).toBe(
      'https://example.org/custom/mcp',
    );
    expect(() => buildServerUrl({ url: 'https://example.org/mcp/', port: 1 }, {})).toThrow(UsageError);
    expect(() => buildServerUrl({ url: 'ftp://example.org/' }, {})).toThrow(/http/);
    expect(() => buildServerUrl({ url: 'not a url' }, {})).toThrow(UsageError);
  });
});

describe(parsePort.name, () => {
  it.each(['0', '65536', '-1', '80a', ''])('refuses %p', (raw) => {
    expect(() => parsePort(raw)).toThrow(UsageError);
  });

  it('accepts 1-65535', () => {
    expect(parsePort('443')).toBe(443);
  });
});
