import { Module } from '@nestjs/common';
import { EndpointRegistry } from './endpoint-registry.service';

/** The registry of MCP tools; needs PANDA_MCP_CONFIG from the (global) config module. */
@Module({
  providers: [EndpointRegistry],
  exports: [EndpointRegistry],
})
export class EndpointRegistryModule {}
