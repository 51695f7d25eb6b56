import { readyLine, startPandaMcp } from './bootstrap';

startPandaMcp()
  .then(({ mcpUrl, config }) => process.stdout.write(readyLine(mcpUrl, config)))
  .catch((error: Error) => {
    process.stderr.write(`panda-mcp: cannot start:\n${error.message}\n`);
    process.exit(1);
  });
