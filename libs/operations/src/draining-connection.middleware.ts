import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LifecycleService } from './lifecycle.service';

/**
 * While draining after SIGTERM, every answer closes its connection: a proxy that keeps connections
 * (Apache's balancer, kube-proxy clients) then opens its next request elsewhere instead of sending it
 * on a pooled connection to a replica about to exit. What reaches this replica is still served.
 */
@Injectable()
export class DrainingConnectionMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  constructor(private readonly lifecycle: LifecycleService) {}

  use(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
    if (this.lifecycle.draining) res.setHeader('Connection', 'close');
    next();
  }
}
