import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every TypeScript file of this app, specs and test doubles included. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT = /\b(?:from|import|require)\s*\(?\s*'([^']+)'/g;

/**
 * Apps never import apps: the CLI starts the service as a process (service-process.launcher.ts) and
 * shares code with it only through the libs (@panda-mcp/*).
 */
describe('the panda-mcp-cli app', () => {
  it('imports only packages, @panda-mcp libs and its own files', () => {
    const outside: string[] = [];
    for (const file of sources(__dirname)) {
      for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
        // tsconfig's baseUrl would also resolve `apps/...` and `libs/...`
        const escapes = specifier.startsWith('.')
          ? path.relative(__dirname, path.resolve(path.dirname(file), specifier)).startsWith('..')
          : /^(apps|libs)\//.test(specifier);
        if (escapes) outside.push(`${path.relative(__dirname, file)}: ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
