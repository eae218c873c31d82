// A require hook that compiles .ts files with SWC on the fly. Used to run benchmarks and
// tools from source (`node -r ./scripts/register-ts.js bench/x.ts`) and to load TypeScript
// worker-thread entry points while testing (worker threads do not inherit Jest's transform).
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8'));
delete swcrc.$schema;

if (!Module._extensions['.ts'] || !Module._extensions['.ts'].__corridor) {
  const compile = function (module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, { ...swcrc, swcrc: false, filename, sourceMaps: 'inline' });
    module._compile(code, filename);
  };
  compile.__corridor = true;
  Module._extensions['.ts'] = compile;
}
