#!/usr/bin/env node
// Builds dist/ both ways, `npm run build` (scripts/build.js, SWC) and `nest build` (nest-cli.json,
// SWC builder), and fails unless both give the same files with the same bytes. Run by .ci/run, so
// that nest-cli.json and the build script cannot drift apart. Leaves the `npm run build` output.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

/** Relative path → SHA-256 of every file under dist/. */
function snapshot() {
  const files = new Map();
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dist, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
  }
  return files;
}

function build(args) {
  execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return snapshot();
}

const nest = build([require.resolve('@nestjs/cli/bin/nest.js'), 'build']);
const npm = build([path.join(root, 'scripts', 'build.js')]);
const onlyNpm = [...npm.keys()].filter((f) => !nest.has(f));
const onlyNest = [...nest.keys()].filter((f) => !npm.has(f));
const differ = [...npm.keys()].filter((f) => nest.has(f) && nest.get(f) !== npm.get(f));
if (onlyNpm.length || onlyNest.length || differ.length) {
  for (const f of onlyNpm) console.error(`only in npm run build: ${f}`);
  for (const f of onlyNest) console.error(`only in nest build: ${f}`);
  for (const f of differ) console.error(`differs: ${f}`);
  console.error('compare-builds: `nest build` and `npm run build` disagree');
  process.exit(1);
}
console.log(`compare-builds: npm run build and nest build agree (${npm.size} files)`);
