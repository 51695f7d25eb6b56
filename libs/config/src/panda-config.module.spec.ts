import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { ConfigValidationError } from './config-validation.error';
import { PandaConfigModule, pandaMcpConfig } from './panda-config.module';
import { PandaMcpConfig } from './panda-mcp-config';
import { defaultPandaMcpConfig } from './panda-mcp-config.defaults';
import { buildTestConfig } from './testing/build-test-config';
import { createInMemoryConfigFs } from './testing/in-memory-config-fs';

describe(PandaConfigModule.name, () => {
  const sut = PandaConfigModule;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  describe('forRoot', () => {
    it('provides the loaded configuration under pandaMcpConfig.KEY and in ConfigService', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          sut.forRoot({
            env: {
              PANDA_SERVER_CONF_PORT_MCP: '4321',
              PANDA_VERIFY_HOST: 'off',
              X509_USER_PROXY: '/tmp/x509up',
            },
            fs: createInMemoryConfigFs(),
          }),
        ],
      }).compile();

      const config = moduleRef.get<PandaMcpConfig>(pandaMcpConfig.KEY);
      expect(config.port).toBe(4321);
      expect(config.verifyUpstreamTls).toBe(false);
      expect(moduleRef.get(ConfigService).get<number>('pandaMcp.port')).toBe(4321);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('UPSTREAM TLS VERIFICATION IS DISABLED'));
      expect(log).toHaveBeenCalledWith(expect.stringContaining('X509_USER_PROXY'));
      expect(warn).toHaveBeenCalledTimes(1);
    });

    it('fails to start with the ConfigValidationError', async () => {
      const building = Test.createTestingModule({
        imports: [
          sut.forRoot({ env: { PANDA_MCP_TRANSPORT: 'carrier-pigeon' }, fs: createInMemoryConfigFs() }),
        ],
      }).compile();

      await expect(building).rejects.toThrow(ConfigValidationError);
    });
  });

  describe('forConfig', () => {
    it('provides a configuration built by hand', async () => {
      const config = buildTestConfig({ allowedVos: ['atlas'] });
      const moduleRef = await Test.createTestingModule({ imports: [sut.forConfig(config)] }).compile();

      expect(moduleRef.get(pandaMcpConfig.KEY)).toBe(config);
    });
  });
});

describe(buildTestConfig.name, () => {
  const sut = buildTestConfig;

  it('starts from the defaults on 127.0.0.1 and a free port, then applies overrides', () => {
    expect(sut({ maxSessions: 2 })).toEqual({
      ...defaultPandaMcpConfig(),
      host: '127.0.0.1',
      port: 0,
      maxSessions: 2,
    });
  });
});
