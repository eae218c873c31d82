#!/usr/bin/env node
// The tools the test suite runs besides PostgreSQL and Redis themselves: Debian's Chromium (the
// browser tests drive it through playwright-core; a browser is never downloaded) and the
// `redis-server` binary (the outage tests start and kill a Redis of their own). `npm test` runs this
// first (`pretest`), and `.ci/run` calls it too, so a fresh machine needs no manual step.
//
// Missing tools are installed with apt-get when running as root (one `apt-get update` first);
// otherwise the script stops with one line giving the exact command to run. `--ci` adds what only
// CI needs: Debian's `docker-compose`, which validates docker-compose.yml without a Docker engine.
const { accessSync, constants, existsSync, unlinkSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

/** Each tool: how the suite finds it, and the Debian package that provides it. */
const TEST_TOOLS = [
  { name: 'chromium', found: () => isExecutable('/usr/bin/chromium'), debianPackage: 'chromium' },
  { name: 'redis-server', found: () => onPath('redis-server'), debianPackage: 'redis-server' },
];
// Without its recommended docker.io: CI only parses the file, it runs no engine.
const CI_TOOLS = [
  {
    name: 'docker-compose',
    found: () => onPath('docker-compose'),
    debianPackage: 'docker-compose',
    noRecommends: true,
  },
];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  const dirs = (process.env.PATH || '')
    .split(path.delimiter)
    .concat(['/usr/sbin', '/usr/bin', '/sbin', '/bin']);
  return dirs.some((dir) => dir && isExecutable(path.join(dir, command)));
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
  }
}

/**
 * Installs without starting services: a package such as redis-server would otherwise try to start
 * its own daemon, which fails (and fails the install) where a Redis already listens on its port.
 * The suite starts what it needs itself. Uses Debian's policy-rc.d hook, only when none exists.
 */
function withoutServiceStarts(work) {
  const policy = '/usr/sbin/policy-rc.d';
  const ours = !existsSync(policy);
  if (ours) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    work();
  } finally {
    if (ours) unlinkSync(policy);
  }
}

function main() {
  const wanted = process.argv.includes('--ci') ? [...TEST_TOOLS, ...CI_TOOLS] : TEST_TOOLS;
  const missing = wanted.filter((tool) => !tool.found());
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.debianPackage);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `The tests need ${missing.map((t) => t.name).join(' and ')}; install with: ` +
        `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`,
    );
    process.exit(1);
  }
  console.error(`provision-test-tools: installing ${packages.join(', ')} with apt-get`);
  withoutServiceStarts(() => {
    run('apt-get', ['update', '-qq']);
    const plain = missing.filter((tool) => !tool.noRecommends).map((tool) => tool.debianPackage);
    const bare = missing.filter((tool) => tool.noRecommends).map((tool) => tool.debianPackage);
    if (plain.length > 0) run('apt-get', ['install', '-y', '-qq', ...plain]);
    if (bare.length > 0) run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...bare]);
  });
  const stillMissing = missing.filter((tool) => !tool.found());
  if (stillMissing.length > 0) {
    console.error(
      `provision-test-tools: ${stillMissing.map((t) => t.name).join(', ')} still missing after apt-get`,
    );
    process.exit(1);
  }
}

try {
  main();
} catch (error) {
  console.error(`provision-test-tools: ${error.message}`);
  process.exit(1);
}
