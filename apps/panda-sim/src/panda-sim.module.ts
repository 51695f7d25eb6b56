import { DynamicModule, Module } from '@nestjs/common';
import { ApiCatalogueService } from './api/api-catalogue.service';
import { ApiController } from './api/api.controller';
import { ApiDispatcherService } from './api/api-dispatcher.service';
import { SIGNING_KEY, SIM_CLOCK, TokenVerifierService } from './auth/token-verifier.service';
import { SIM_CONFIG, SimConfig } from './config/sim.config';
import { SimDataStore } from './data/sim-data.store';
import { SigningKey } from './identity/signing-key.store';
import { SimInspectionController } from './inspection/sim-inspection.controller';
import { OidcController } from './oidc/oidc.controller';
import { OidcProviderService } from './oidc/oidc-provider.service';
import { RequestLogService } from './request-log/request-log.service';

/** panda-sim's application module; configuration and the signing key are loaded before Nest starts. */
@Module({})
export class PandaSimModule {
  static forRoot(config: SimConfig, key: SigningKey): DynamicModule {
    return {
      module: PandaSimModule,
      controllers: [ApiController, OidcController, SimInspectionController],
      providers: [
        { provide: SIM_CONFIG, useValue: config },
        { provide: SIGNING_KEY, useValue: key },
        { provide: SIM_CLOCK, useValue: () => Date.now() },
        ApiCatalogueService,
        ApiDispatcherService,
        TokenVerifierService,
        SimDataStore,
        RequestLogService,
        OidcProviderService,
      ],
    };
  }
}
