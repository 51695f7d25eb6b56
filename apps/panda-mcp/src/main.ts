import { startPandaMcp } from './bootstrap';

startPandaMcp()
  .then(({ mcpUrl, config }) => {
    // Always printed (whatever LOG_LEVEL), as a JSON line like the rest of the log: scripts wait for it.
    process.stdout.write(
      JSON.stringify({
        level: 'info',
        time: new Date().toISOString(),
        service: 'panda-mcp',
        msg: `panda-mcp listening on ${mcpUrl}`,
        transport: config.transport,
        upstream: config.pandaApiUrl,
      }) + '\n',
    );
  })
  .catch((error: Error) => {
    process.stderr.write(`panda-mcp: cannot start:\n${error.message}\n`);
    process.exit(1);
  });
