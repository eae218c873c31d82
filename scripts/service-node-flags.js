/* global module */
// V8 flags of every service process (API and worker), in one place: package.json's start scripts,
// the Dockerfile and docker-compose.yml repeat them, and test/docs/service-node-flags.spec.ts
// checks that they do; the benchmarks start the service with them.
//
// The heap is bounded so that a process's resident memory stays flat under load (≈ 260 MB in
// `npm run bench:auth`; V8 otherwise lets old-space garbage grow to 400+ MB before collecting).
// Request bodies, the one input-driven heap cost, are bounded by BODY_BUDGET_BYTES (64 MiB) well
// inside it. A tighter bound (256 MB old space, 8 MB semispaces: ≈ 240 MB resident) made V8 run a
// major GC every ~25 MB and doubled the p99 of authenticated requests (BENCHMARKS.md); 16 MB is
// V8's default semispace on 64-bit, stated so that the choice is visible.
//
// --no-memory-reducer: V8's memory reducer runs a heap-shrinking mark-compact a few seconds after
// the allocation rate drops (a burst of traffic ending), and on two contended cores its pauses
// were 15–28 ms against at most 9 ms without it (`npm run bench:auth`, BENCHMARKS.md), landing in
// the tail of the requests that follow. The heap is bounded anyway; without the reducer a process
// keeps its high-water heap (≈ 250 MB resident) instead of giving ~30 MB back when idle.
'use strict';
module.exports = ['--max-old-space-size=384', '--max-semi-space-size=16', '--no-memory-reducer'];
