/** Jest runs the TypeScript sources through SWC (fast, keeps decorator metadata for Nest). */
const swcConfig = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcConfig.$schema;

/** What every project shares. */
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  // A few dependencies ship ES modules only; SWC turns them into CommonJS for Jest on Node 20.
  transformIgnorePatterns: ['^(?!.*/node_modules/content-disposition/).*/node_modules/'],
};

/**
 * Two projects. `server`: every test, on the native libsodium backend the server runs (chosen
 * explicitly, so a broken sodium-native fails instead of quietly testing WebAssembly twice).
 * `crypto-wasm`: every file under test/crypto again on the WebAssembly backend (the browser's,
 * and the server's fallback) — known-answer vectors and behaviour must hold on both. Files that
 * are about one backend or the bundle itself run once, in `server`.
 */
const SINGLE_BACKEND_CRYPTO_TESTS = [
  'bundle\\.spec',
  'bundle-chromium\\.spec',
  'heap-wipe\\.spec',
  'native-memory\\.spec',
  'cross-backend\\.spec',
];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'server',
      testMatch: ['**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFiles: ['<rootDir>/test/support/worker-env.ts', '<rootDir>/test/support/crypto-backend-native.ts'],
    },
    {
      ...common,
      displayName: 'crypto-wasm',
      testMatch: ['<rootDir>/test/crypto/**/*.spec.ts'],
      testPathIgnorePatterns: SINGLE_BACKEND_CRYPTO_TESTS.map((f) => `/test/crypto/.*${f}`),
      setupFiles: ['<rootDir>/test/support/worker-env.ts', '<rootDir>/test/support/crypto-backend-wasm.ts'],
    },
  ],
  maxWorkers: 2,
  testTimeout: 30000,
  forceExit: false,
};
