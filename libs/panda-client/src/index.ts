export * from './auth-context';
export * from './panda-call-outcome';
export * from './panda-client.module';
export * from './panda-client.service';
export * from './panda-datetime';
export * from './panda-url';
export * from './query-encoding';
