/* global module */
// V8 flags of every service process (API and worker), in one place: package.json's start scripts,
// the Dockerfile and docker-compose.yml repeat them, and test/docs/service-node-flags.spec.ts
// checks that they do; the benchmarks start the service with them.
//
// The heap is bounded so that a process's resident memory stays flat under load (below 300 MB in
// `npm run bench:auth` and `bench:intake`; V8 otherwise lets old-space garbage grow to several
// hundred MB before collecting). Request bodies, the one input-driven heap cost, are bounded by
// BODY_BUDGET_BYTES (64 MiB) well inside it. Smaller young-generation semispaces (8 MB) trade a
// few more scavenges for ~30 MB less memory.
'use strict';
module.exports = ['--max-old-space-size=256', '--max-semi-space-size=8'];
