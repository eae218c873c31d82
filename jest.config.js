/** Jest runs the TypeScript sources through SWC (fast, keeps decorator metadata for Nest). */
const swcConfig = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcConfig.$schema;

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/worker-env.ts'],
  maxWorkers: 2,
  testTimeout: 30000,
  forceExit: false,
};
