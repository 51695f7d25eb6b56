export * from './panda-mcp-config';
