import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Before the first e2e or fault spec: builds dist/ when it is missing or stale (scripts/ensure-built.js),
 * once and outside any test's or hook's time limit (a fresh clone's build takes a minute or more). A
 * failed build is not fatal here: the specs that start the service or the sim then say what is missing.
 */
export default function buildOnce(): void {
  try {
    execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'ensure-built.js')], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    process.stderr.write('panda-mcp: the build failed; the specs that need dist/ report it\n');
  }
}
