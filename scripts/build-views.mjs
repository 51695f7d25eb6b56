// Builds panda-mcp's MCP Apps views (apps/views/src/<view>) into one self-contained HTML file each:
// script and styles inline, nothing fetched at run time, a Content-Security-Policy that allows only them.
// Part of `npm run build`; the service reads dist/views/*.html (libs/mcp-transport McpApps).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { PurgeCSS } from 'purgecss';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// zod (under the extension's SDK) re-exports all of its ~40 message locales; the view never shows zod's
// messages, so only the default (English) one is bundled: 260 KB less.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`)
        ? { path: 'zod-locales', namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(require.resolve('zod/v4/locales/en.js'))};`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const viewsDir = path.join(root, 'apps', 'views');
const common = path.join(viewsDir, 'src', 'common');

async function buildView({ name, title }) {
  const src = path.join(viewsDir, 'src', name);
  const script = await esbuild.build({
    entryPoints: [path.join(src, 'main.ts')],
    tsconfig: path.join(viewsDir, 'tsconfig.json'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    write: false,
    plugins: [zodEnglishOnly],
    logLevel: 'warning',
  });
  const js = script.outputFiles[0].text.trim();
  const ownCss = await esbuild.transform(fs.readFileSync(path.join(common, 'views.css'), 'utf8'), {
    loader: 'css',
    minify: true,
  });
  // Charts.css styles every chart type; only the rules for the classes this view's sources name are kept
  const [charts] = await new PurgeCSS().purge({
    content: [path.join(src, '*.ts'), path.join(common, '*.ts'), path.join(common, '*.html')],
    css: [{ raw: fs.readFileSync(require.resolve('charts.css/dist/charts.min.css'), 'utf8') }],
    keyframes: true,
    fontFace: true,
  });
  const css = `${charts.css.trim()}\n${ownCss.code.trim()}`;
  if (/<\/script/i.test(js) || /<\/style/i.test(css))
    throw new Error(`${name}: a closing tag inside inline code`);
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(js)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    'font-src data:',
    "connect-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const html = fs
    .readFileSync(path.join(common, 'view.html'), 'utf8')
    .replace('__CSP__', csp)
    .replace('__TITLE__', title)
    .replace(/<style>[\s\S]*?<\/style>/, () => `<style>${css}</style>`)
    .replace(/<script type="module">[\s\S]*?<\/script>/, () => `<script type="module">${js}</script>`);
  const out = path.join(root, 'dist', 'views', `${name}.html`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, html);
  process.stdout.write(
    `panda-mcp view ${name}: ${path.relative(root, out)}, ${Buffer.byteLength(html)} bytes\n`,
  );
}

await buildView({ name: 'task-dashboard', title: 'PanDA task dashboard' });
await buildView({ name: 'site-dashboard', title: 'PanDA queues' });
