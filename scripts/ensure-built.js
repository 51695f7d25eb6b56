// Builds dist/ when it is missing or older than the sources, so `npm run demo` works on a fresh clone.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// one entry point per app that `npm run build` builds: the service, panda-sim, the CLI, and the views
const entries = [
  ...['panda-mcp', 'panda-sim', 'panda-mcp-cli'].map((app) =>
    path.join(root, 'dist', 'apps', app, 'src', 'main.js'),
  ),
  ...['task-dashboard', 'site-dashboard'].map((view) => path.join(root, 'dist', 'views', `${view}.html`)),
];

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (/\.(ts|css|html)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const builtAt = Math.min(...entries.map((entry) => (fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0)));
const sourcesAt = Math.max(
  newestSourceMtime(path.join(root, 'apps')),
  newestSourceMtime(path.join(root, 'libs')),
);
if (builtAt < sourcesAt) {
  process.stderr.write('panda-mcp: building (npm run build)...\n');
  execSync('npm run --silent build', { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}
