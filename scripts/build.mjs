// Bundles the action and the CLI into dist/ so both run with no node_modules.
// `node scripts/build.mjs [outdir]`: the test suite builds into a temp dir and compares with dist/.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  // Bundled ESM dependencies may read import.meta.url; give them the CJS equivalent.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
};

await build({ ...common, entryPoints: ['src/index.ts'], outfile: path.join(outdir, 'index.js') });
await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: path.join(outdir, 'cli.js'),
  banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
});
