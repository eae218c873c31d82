#!/usr/bin/env node
// Runs a TypeScript file from source: `node scripts/run-ts.js bench/crypto.ts [args…]`.
require('./register-ts');
const path = require('node:path');
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/run-ts.js <file.ts> [args…]');
  process.exit(2);
}
process.argv.splice(1, 1); // so that the script sees its own path as argv[1]
require(path.resolve(file));
