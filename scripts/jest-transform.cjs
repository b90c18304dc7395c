// Jest transform: TypeScript and ESM-only dependencies -> CommonJS with esbuild.
// Type checking is `tsc --noEmit` (part of `npm test`); this only strips types and converts modules.
// A dynamic import() becomes a require(), as in the bundle (esbuild, cjs): Jest runs CommonJS.
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
      supported: { 'dynamic-import': false },
      sourcemap: 'external',
      sourcefile: filename,
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(filename).href) },
      logLevel: 'silent',
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return require('node:crypto').createHash('sha256').update('v2\0' + filename + '\0' + source).digest('hex');
  },
};
