import { parseArgs } from 'node:util';
import { loadSimConfig } from './config/sim.config';
import { signSimToken } from './identity/id-token.signer';

const USAGE =
  'usage: npm run --silent sim:token -- --user <alice|bob|carol> [--vo atlas[:production]] [--ttl <seconds>]';

/**
 * Prints an ID token for a sim user, signed with the key in PANDA_SIM_STATE_DIR and the issuer the
 * sim started on that folder recorded there (or PANDA_SIM_ISSUER): what that sim verifies with. Only
 * the token goes to stdout.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      vo: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.user) throw new Error(`--user is required\n${USAGE}`);
  const config = loadSimConfig();
  const ttl = values.ttl === undefined ? config.tokenTtlSeconds : Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new Error(`--ttl must be a positive number of seconds, got ${values.ttl}`);
  const token = signSimToken({
    stateDir: config.stateDir,
    issuer: config.issuer,
    clientId: config.clientId,
    user: values.user,
    vo: values.vo,
    ttlSeconds: ttl,
  });
  process.stdout.write(`${token}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`panda-sim token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
