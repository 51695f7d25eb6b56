export * from './caller-identity';
export * from './lifecycle.service';
export * from './metrics.service';
export * from './operations.module';
export * from './request-id.middleware';
export * from './tool-call-audit.service';
export * from './upstream-probe.service';
