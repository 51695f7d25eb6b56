import { DynamicModule, Module } from '@nestjs/common';
import { PandaConfigModule, PandaMcpConfig } from '@panda-mcp/config';
import { McpTransportModule } from '@panda-mcp/mcp-transport';
import { McpController } from './mcp.controller';

@Module({})
export class AppModule {
  /** The config is loaded and validated before Nest starts, so that TLS options and errors come first. */
  static forConfig(config: PandaMcpConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PandaConfigModule.forConfig(config), McpTransportModule],
      controllers: [McpController],
    };
  }
}
