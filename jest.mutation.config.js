/**
 * Jest configuration for mutation runs (`npm run test:mutation`, Stryker): the normal one, with the
 * test files optionally narrowed by MUTATION_TESTS (comma-separated paths or globs under the project
 * root), so that a run scoped to one folder of src/ runs only the tests that defend it.
 */
const base = require('./jest.config');

const only = (process.env.MUTATION_TESTS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

/**
 * The base config defines `projects`, and Jest ignores a top-level `testMatch` when projects exist:
 * the narrowing has to be applied to each project. The crypto-wasm project keeps only the globs
 * under test/crypto (and is dropped when there are none), so a scoped run of src/access does not
 * run the crypto files on a second backend.
 */
const narrow = (project) => {
  const globs = project.displayName === 'server' ? only : only.filter((p) => p.startsWith('test/crypto/'));
  return globs.length ? { ...project, testMatch: globs.map((p) => `<rootDir>/${p}`) } : null;
};

module.exports = {
  ...base,
  // Stryker's jest runner resolves rootDir from this file's folder: keep it explicit.
  rootDir: __dirname,
  ...(only.length ? { projects: base.projects.map(narrow).filter(Boolean) } : {}),
  // Mutants that make a test hang are killed by Stryker's own timeout.
  maxWorkers: 1,
};
