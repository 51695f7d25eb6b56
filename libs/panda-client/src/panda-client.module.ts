import { Module } from '@nestjs/common';
import { PandaClient } from './panda-client.service';

/** The PanDA HTTP client; needs pandaMcpConfig.KEY from the (global) config module. */
@Module({
  providers: [PandaClient],
  exports: [PandaClient],
})
export class PandaClientModule {}
