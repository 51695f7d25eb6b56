export * from './ca-certificates';
export * from './loopback';
export * from './mcp-names';
export * from './unverified-jwt';
export * from './caller-text';
export * from './plain-object';
export * from './bounded-map';
export * from './tracing';
