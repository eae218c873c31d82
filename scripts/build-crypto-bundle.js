#!/usr/bin/env node
// Bundles src/crypto (the same code the server runs) for browsers: public/corridor-crypto.js,
// an IIFE that defines the global `CorridorCrypto`. libsodium-wrappers-sumo's ESM build embeds
// its WebAssembly as base64, so the bundle is one self-contained file (no extra fetch).
//   npm run build:crypto-bundle            → public/corridor-crypto.js
//   node scripts/build-crypto-bundle.js --outfile /tmp/x.js
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');

/**
 * The native backend is Node-only (sodium-native, a compiled addon): its loader is swapped for a
 * stand-in that says "not in a browser", so neither the addon nor the adapter nor a `require`
 * reaches the bundle, and initCrypto() in a page always takes the WebAssembly backend.
 */
const browserOnlyLoader = {
  name: 'corridor-browser-crypto-backend',
  setup(build) {
    build.onResolve({ filter: /^\.\/native-loader$/ }, (args) => ({
      path: path.join(args.resolveDir, 'native-loader.browser.ts'),
    }));
  },
};

/** Builds the bundle; returns the output path. Exported for the test, which builds to a temp dir. */
async function buildCryptoBundle(outfile = path.join(root, 'public', 'corridor-crypto.js')) {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'src', 'crypto', 'index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'CorridorCrypto',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    outfile,
    logLevel: 'warning',
    plugins: [browserOnlyLoader],
  });
  return outfile;
}

module.exports = { buildCryptoBundle };

if (require.main === module) {
  const i = process.argv.indexOf('--outfile');
  buildCryptoBundle(i > 0 ? path.resolve(process.argv[i + 1]) : undefined)
    .then((out) => {
      const { size } = require('node:fs').statSync(out);
      console.log(`wrote ${path.relative(process.cwd(), out)} (${(size / 1024).toFixed(0)} KiB)`);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
