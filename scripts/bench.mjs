// `npm run bench [SECTION]` (or BENCH=SECTION): performance checks, one file per section in
// scripts/bench/: registry (the default), typosquat, readers, gate; `all` runs every section.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECTIONS = ['registry', 'typosquat', 'readers', 'gate'];
const section = process.argv[2] ?? process.env.BENCH ?? 'registry';
if (![...SECTIONS, 'all'].includes(section)) {
  console.error(`bench: unknown section ${JSON.stringify(section)}: use ${SECTIONS.join(', ')} or all`);
  process.exit(2);
}

/** The TypeScript sources an entry names, bundled into a temporary CommonJS module. */
async function bundle(entry) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-gate-bench-'));
  const outfile = path.join(outdir, 'bench.cjs');
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
    absWorkingDir: root,
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
  });
  return { mod: createRequire(import.meta.url)(outfile), done: () => fs.rmSync(outdir, { recursive: true, force: true }) };
}

for (const name of section === 'all' ? SECTIONS : [section]) {
  const { run } = await import(`./bench/${name}.mjs`);
  await run(bundle);
}
