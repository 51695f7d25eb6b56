import { DynamicModule, Global, Logger, Module, Provider } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import {
  LoadPandaMcpConfigOptions,
  LoadedPandaMcpConfig,
  loadPandaMcpConfig,
} from './panda-mcp-config.loader';
import { PANDA_MCP_CONFIG, PandaMcpConfig } from './panda-mcp-config';

/** Namespace of the configuration in @nestjs/config's ConfigService (`configService.get('panda')`). */
export const PANDA_CONFIG_NAMESPACE = 'panda';

/**
 * Global module providing the validated PandaMcpConfig under the PANDA_MCP_CONFIG token (and, for code that
 * prefers it, as the `panda` namespace of @nestjs/config's ConfigService).
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

  /** Provides a configuration built by hand (tests); it is used as given. */
  static forConfig(config: PandaMcpConfig): DynamicModule {
    return PandaConfigModule.build(() => config);
  }

  private static build(get: () => PandaMcpConfig): DynamicModule {
    const provider: Provider = { provide: PANDA_MCP_CONFIG, useFactory: get };
    return {
      module: PandaConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          validatePredefined: false,
          load: [registerAs(PANDA_CONFIG_NAMESPACE, (): Record<string, unknown> => ({ ...get() }))],
        }),
      ],
      providers: [provider],
      exports: [provider],
    };
  }
}
