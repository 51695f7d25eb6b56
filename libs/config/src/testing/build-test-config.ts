import { defaultPandaMcpConfig } from '../panda-mcp-config.defaults';
import { PandaMcpConfig } from '../panda-mcp-config';

/**
 * A valid PandaMcpConfig for tests: the defaults, bound to 127.0.0.1 on a free port (port 0), then
 * `overrides`. Not validated and not frozen, so tests may build odd configurations on purpose.
 */
export function buildTestConfig(overrides: Partial<PandaMcpConfig> = {}): PandaMcpConfig {
  return { ...defaultPandaMcpConfig(), host: '127.0.0.1', port: 0, ...overrides };
}
