import { ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SERVICE_NODE_FLAGS: string[] = require('../../scripts/service-node-flags.js');

/** Peak resident memory of a process in MB (VmHWM), read from /proc. */
export function peakRssMb(pid: number): number | null {
  return procStatusMb(pid, 'VmHWM');
}

/** Resident memory of a process now, in MB (VmRSS): sampled between phases to show it stays flat. */
export function currentRssMb(pid: number): number | null {
  return procStatusMb(pid, 'VmRSS');
}

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Polls `url` until it answers 200 or the timeout passes; returns the elapsed ms or null. */
export async function waitForOk(url: string, startedAt: number, timeoutMs: number): Promise<number | null> {
  while (performance.now() - startedAt < timeoutMs) {
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

/** The V8 flags the service is started with (production's, plus BENCH_SERVICE_NODE_OPTIONS). */
export function serviceNodeFlags(): string[] {
  return [
    ...SERVICE_NODE_FLAGS,
    ...(process.env.BENCH_SERVICE_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
  ];
}

/** Starts a Node script of the built service with the given environment. */
export function startNode(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...serviceNodeFlags(), join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // BENCH_SERVICE_STDOUT=<file>: keep the service's stdout (e.g. with --trace-gc) for study.
    stdio: [
      'ignore',
      process.env.BENCH_SERVICE_STDOUT ? openSync(process.env.BENCH_SERVICE_STDOUT, 'w') : 'ignore',
      'inherit',
    ],
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
