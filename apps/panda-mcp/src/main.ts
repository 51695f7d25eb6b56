import { startPandaMcp } from './bootstrap';

startPandaMcp()
  .then(({ mcpUrl, config }) => {
    // One stable line: scripts and tests wait for it.
    process.stdout.write(
      `panda-mcp listening on ${mcpUrl} (transport ${config.transport}, PanDA ${config.pandaApiUrl})\n`,
    );
  })
  .catch((error: Error) => {
    process.stderr.write(`panda-mcp: cannot start:\n${error.message}\n`);
    process.exit(1);
  });
