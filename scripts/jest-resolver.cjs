// Resolve as CommonJS first; fall back to the "import" condition for ESM-only packages,
// which scripts/jest-transform.cjs then converts.
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch (err) {
    const conditions = [...(options.conditions ?? ['require', 'default', 'node']), 'import'];
    return options.defaultResolver(request, { ...options, conditions });
  }
};
