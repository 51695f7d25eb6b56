import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import {
  LoadPandaMcpConfigOptions,
  LoadedPandaMcpConfig,
  loadPandaMcpConfig,
} from './panda-mcp-config.loader';
import { PandaMcpConfig } from './panda-mcp-config';

/** Namespace of the configuration in @nestjs/config (`configService.get('pandaMcp')`). */
export const PANDA_MCP_CONFIG_NAMESPACE = 'pandaMcp';

/**
 * The validated configuration as a @nestjs/config namespace. Inject it with its type:
 * `@Inject(pandaMcpConfig.KEY) config: PandaMcpConfig` (`ConfigType<typeof pandaMcpConfig>`). Its factory loads from the process
 * environment; PandaConfigModule registers the same namespace with a configuration loaded earlier.
 */
export const pandaMcpConfig = registerAs(
  PANDA_MCP_CONFIG_NAMESPACE,
  (): PandaMcpConfig => loadPandaMcpConfig({ env: process.env }).config,
);

/**
 * Global module that registers the validated PandaMcpConfig with @nestjs/config under
 * `pandaMcpConfig.KEY`, the one configuration token of the service.
 */
@Global()
@Module({})
export class PandaConfigModule {
  private static readonly logger = new Logger('PandaConfig');

  /** Loads the configuration once, when the module is first instantiated; logs its warnings and notes. */
  static forRoot(options: LoadPandaMcpConfigOptions = {}): DynamicModule {
    let loaded: LoadedPandaMcpConfig | undefined;
    const load = (): PandaMcpConfig => {
      if (loaded === undefined) {
        loaded = loadPandaMcpConfig(options);
        for (const warning of loaded.warnings) PandaConfigModule.logger.warn(warning);
        for (const note of loaded.notes) PandaConfigModule.logger.log(note);
      }
      return loaded.config;
    };
    return PandaConfigModule.build(load);
  }

  /** Provides a configuration loaded and validated before Nest starts (bootstrap, tests); used as given. */
  static forConfig(config: PandaMcpConfig): DynamicModule {
    return PandaConfigModule.build(() => config);
  }

  private static build(get: () => PandaMcpConfig): DynamicModule {
    return {
      module: PandaConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          validatePredefined: false,
          load: [registerAs(PANDA_MCP_CONFIG_NAMESPACE, get)],
        }),
      ],
    };
  }
}
