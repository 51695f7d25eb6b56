import { pandaMcpVersion } from '@panda-mcp/config';
import { createHandlers } from './cli.handlers';
import { CliIo, runCli } from './cli.program';

/**
 * `panda-mcp` (bin/panda-mcp.js): the service and the demo (run as child processes), the admins' test
 * client, PanDA login and the stdio bridge for agents. This file only wires the process to the commands.
 */
const io: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

void runCli(
  process.argv,
  createHandlers(process.env, io, pandaMcpVersion()),
  io,
  process.env,
  pandaMcpVersion(),
).then((code) => {
  process.exitCode = code;
  // idle keep-alive sockets must not hold a finished command for seconds
  setTimeout(() => process.exit(code), 200).unref();
});
