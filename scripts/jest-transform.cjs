// Jest transform: TypeScript and ESM-only dependencies -> CommonJS with esbuild.
// Type checking is `tsc --noEmit` (part of `npm test`); this only strips types and converts modules.
const { transformSync } = require('esbuild');
const { pathToFileURL } = require('node:url');

const ESM_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s)/m;

module.exports = {
  process(source, filename) {
    const isTs = filename.endsWith('.ts');
    if (!isTs && !ESM_SYNTAX.test(source)) return { code: source };
    const { code, map } = transformSync(source, {
      loader: isTs ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(filename).href) },
      logLevel: 'silent',
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return require('node:crypto').createHash('sha256').update('v1\0' + filename + '\0' + source).digest('hex');
  },
};
