import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'panda-mcp';
let cachedRoot: string | undefined;

function isPandaMcpRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The directory holding panda-mcp's own package.json, found by walking up from `startDir` (default: this
 * file's directory). Works from the sources (libs/config/src) and from the build (dist/libs/config/src).
 */
export function findPackageRoot(startDir: string = __dirname): string {
  if (startDir === __dirname && cachedRoot !== undefined) return cachedRoot;
  let dir = path.resolve(startDir);
  for (;;) {
    if (isPandaMcpRoot(dir)) {
      if (startDir === __dirname) cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `cannot find the ${PACKAGE_NAME} package root (a package.json named "${PACKAGE_NAME}") above ${startDir}`,
      );
    }
    dir = parent;
  }
}

/**
 * Absolute path of a file shipped with panda-mcp, given relative to the package root,
 * e.g. `resolveBundledPath('config/panda_mcp_endpoints.json')`.
 */
export function resolveBundledPath(relative: string): string {
  return path.join(findPackageRoot(), relative);
}

/** panda-mcp's version, from its package.json (shown in /status and the MCP server info). */
export function pandaMcpVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(resolveBundledPath('package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
