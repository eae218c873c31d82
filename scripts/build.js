#!/usr/bin/env node
// Compiles src/ and migrations/ to dist/ with SWC (about a second), so that `npm start` is quick.
// Type checking is `npm run typecheck`; the build does not repeat it.
const { execFileSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [require.resolve('@swc/cli/bin/swc.js'), 'src', 'migrations', '-d', 'dist', '--copy-files', '--quiet'],
  { cwd: root, stdio: 'inherit' },
);

// The browser bundle of src/crypto (the intake page loads it); esbuild takes well under a second.
require('./build-crypto-bundle')
  .buildCryptoBundle()
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
