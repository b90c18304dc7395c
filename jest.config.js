/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // ESM-only packages publish only an "import" condition; the resolver falls back to it and the
  // transform below converts them.
  resolver: '<rootDir>/scripts/jest-resolver.cjs',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/scripts/jest-transform.cjs' },
  // ESM-only dependencies (@actions/*, @octokit/*) are converted too.
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60000,
};
