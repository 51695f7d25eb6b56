import { Module } from '@nestjs/common';
import { EndpointRegistry } from './endpoint-registry.service';

/** The registry of MCP tools; needs pandaMcpConfig.KEY from the (global) config module. */
@Module({
  providers: [EndpointRegistry],
  exports: [EndpointRegistry],
})
export class EndpointRegistryModule {}
