import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'panda-mcp';

/**
 * The repository root: the nearest folder above `start` whose package.json is named "panda-mcp".
 * Walking up works the same from the TypeScript sources (ts-jest) and from dist/ (node).
 */
export function findPackageRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown };
        if (pkg.name === PACKAGE_NAME) return dir;
      } catch {
        // an unreadable package.json further down is not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`panda-sim: no package.json named "${PACKAGE_NAME}" above ${start}`);
    dir = parent;
  }
}
