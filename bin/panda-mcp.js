#!/usr/bin/env node
'use strict';
// The `panda-mcp` command (package.json "bin"). The CLI is the app apps/panda-mcp-cli, compiled to
// dist/apps/panda-mcp-cli by `npm run build`; this shim only loads it. It does not build on demand: a
// build prints to stdout, which `panda-mcp bridge` reserves for the MCP protocol, so a missing build is
// reported on stderr instead.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'apps', 'panda-mcp-cli', 'src', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    `panda-mcp: not built yet. Run \`npm run build\` in ${root} (or \`node scripts/ensure-built.js\`), then try again.\n`,
  );
  process.exit(1);
}
require(entry);
