import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureStateDir } from './signing-key.store';

/** Where a running sim records its issuer, so that `sim:token` and test support sign with the same `iss`. */
export const ISSUER_FILE = 'issuer';

/**
 * Writes the issuer into the state folder (0600, temp file + rename, so a reader never sees half a URL).
 * The last sim started on a state folder wins; sims that share a folder should share PANDA_SIM_ISSUER.
 */
export function writeIssuerFile(stateDir: string, issuer: string): void {
  ensureStateDir(stateDir);
  const target = path.join(stateDir, ISSUER_FILE);
  const tmpFile = path.join(stateDir, `.${ISSUER_FILE}.${process.pid}.${crypto.randomUUID()}`);
  fs.writeFileSync(tmpFile, `${issuer}\n`, { mode: 0o600, flag: 'wx' });
  fs.renameSync(tmpFile, target);
}

/** The issuer a sim on this state folder announced at startup, if any. */
export function readIssuerFile(stateDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(stateDir, ISSUER_FILE), 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
