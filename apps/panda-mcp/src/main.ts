import { readyLine, startPandaMcp } from './bootstrap';
import { checkPandaMcpConfig } from './config-check';

if (process.argv.includes('--check-config') || process.env.PANDA_MCP_CHECK_CONFIG === '1') {
  void checkPandaMcpConfig().then(({ exitCode, lines }) => {
    (exitCode === 0 ? process.stdout : process.stderr).write(`${lines.join('\n')}\n`);
    process.exit(exitCode);
  });
} else {
  startPandaMcp()
    .then(({ mcpUrl, config }) => process.stdout.write(readyLine(mcpUrl, config)))
    .catch((error: Error) => {
      process.stderr.write(`panda-mcp: cannot start:\n${error.message}\n`);
      process.exit(1);
    });
}
