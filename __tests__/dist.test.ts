// dist/ is committed: it must be exactly what a fresh build of src/ produces, or the action users run
// is not the code that was tested.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './helpers/git-repo';
import { VERSION } from '../src/common/version';

const ROOT = path.resolve(__dirname, '..');

test('dist/ equals a fresh build of src/', () => {
  const out = tempDir('msg-build-');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), out], { cwd: ROOT });
  const built = readdirSync(out).sort();
  expect(readdirSync(path.join(ROOT, 'dist')).sort()).toEqual(built);
  for (const f of built) {
    const fresh = readFileSync(path.join(out, f));
    const committed = readFileSync(path.join(ROOT, 'dist', f));
    if (!fresh.equals(committed)) throw new Error(`dist/${f} differs from a fresh build: run \`npm run build\` and commit dist/`);
  }
});

test('the version in the bundle is the package version', () => {
  expect(VERSION).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
});

test('action.yml runs node24 from dist/index.js', () => {
  const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  expect(yml).toMatch(/using: node24/);
  expect(yml).toMatch(/main: dist\/index\.js/);
});
