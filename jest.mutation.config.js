/**
 * Jest configuration for mutation runs (`npm run test:mutation`, Stryker): the normal one, with the
 * test files optionally narrowed by MUTATION_TESTS (comma-separated paths or globs under test/), so
 * that a run scoped to one folder of src/ runs only the tests that defend it.
 */
const base = require('./jest.config');

const only = (process.env.MUTATION_TESTS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

module.exports = {
  ...base,
  // Stryker's jest runner resolves rootDir from this file's folder: keep it explicit.
  rootDir: __dirname,
  ...(only.length ? { testMatch: only.map((p) => `<rootDir>/${p}`) } : {}),
  // Mutants that make a test hang are killed by Stryker's own timeout.
  maxWorkers: 1,
};
