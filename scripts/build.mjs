// Bundles the action and the CLI into dist/ so both run with no node_modules.
// `node scripts/build.mjs [outdir]`: the test suite builds into a temp dir and compares with dist/.
//
// Each module of src/lazy/ (a library only some runs need: the GitHub client, npm's HTTP stack,
// Sigstore, pkijs, Yarn's parser) is built into a file of its own, dist/lazy-<name>.js, and the two
// entry bundles require it from there on first use: a run that does not need it neither initialises
// nor even parses it (node reads and compiles a whole bundle at start-up).
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const lazyDir = path.join(root, 'src', 'lazy');
const lazy = readdirSync(lazyDir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

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
  // import() of a lazy file becomes a require() of it, as everything else in the bundle is loaded.
  supported: { 'dynamic-import': false },
};

/** An import of src/lazy/<name>.js from outside src/lazy/ stays a require of ./lazy-<name>.js, beside the bundle. */
const lazyFiles = {
  name: 'lazy-files',
  setup(b) {
    b.onResolve({ filter: /(^|\/)lazy\/[\w-]+\.js$/ }, (args) => {
      const file = path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      if (path.dirname(file) !== lazyDir || path.dirname(args.importer) === lazyDir) return undefined;
      return { path: `./lazy-${path.basename(file, '.ts')}.js`, external: true };
    });
  },
};

/**
 * minipass-fetch (under make-fetch-happen) requires iconv-lite in a try/catch, for a charset
 * conversion the gate never asks for: built as absent (the catch path), not as 540 KB of tables.
 */
const withoutIconv = {
  name: 'without-iconv-lite',
  setup(b) {
    b.onResolve({ filter: /^iconv-lite$/ }, () => ({ path: 'iconv-lite', namespace: 'absent' }));
    b.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({ contents: 'throw new Error("Cannot find module \'iconv-lite\'");', loader: 'js' }));
  },
};

await build({ ...common, plugins: [lazyFiles], entryPoints: ['src/index.ts'], outfile: path.join(outdir, 'index.js') });
await build({
  ...common,
  plugins: [lazyFiles],
  entryPoints: ['src/bin.ts'],
  outfile: path.join(outdir, 'cli.js'),
  banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
});
for (const name of lazy) {
  await build({ ...common, plugins: [withoutIconv], entryPoints: [`src/lazy/${name}.ts`], outfile: path.join(outdir, `lazy-${name}.js`) });
}
