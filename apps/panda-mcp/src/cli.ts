import { pandaMcpVersion } from '@panda-mcp/config';
import { createHandlers } from './cli/cli.handlers';
import { CliIo, runCli } from './cli/cli.program';

/**
 * `panda-mcp` (bin/panda-mcp.js): the service, the demo, the admins' test client, PanDA login and the
 * stdio bridge for agents. Commands live in ./cli; this file only wires the process to them.
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
  if (code === undefined) return; // serve and demo keep running
  process.exitCode = code;
  // idle keep-alive sockets must not hold a finished command for seconds
  setTimeout(() => process.exit(code), 200).unref();
});
