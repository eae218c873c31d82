/* global require, module, __dirname */
// Worker-thread entry of the CryptoPool, in plain JavaScript on purpose: worker threads do not
// inherit Jest's (or any) TypeScript transform. From source (Jest, `node scripts/run-ts.js`) the
// sibling worker is a .ts file: register the SWC require hook first. In the build
// (dist/src/crypto-pool/) the sibling is compiled .js and no hook is needed or present.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const tsWorker = path.join(__dirname, 'worker.ts');
let loaded;
if (fs.existsSync(tsWorker)) {
  require(path.join(__dirname, '..', '..', 'scripts', 'register-ts.js'));
  loaded = require(tsWorker);
} else {
  loaded = require(path.join(__dirname, 'worker.js'));
}
module.exports = loaded.default || loaded;
