import { readdirSync, readFileSync } from 'node:fs';

/*
 * CPU time (user + system) of the service's processes and threads, read from /proc (Linux), to
 * say where a phase's CPU went per request: the API's event loop, its other threads (the KDF
 * pool, GC helpers), the worker process, PostgreSQL's backends. Unlike a rate, CPU time per
 * request barely moves when other processes share the cores, so it shows on a shared machine
 * what a quiet run would: on a saturated host the service's rate over the bare KDF pool's is at
 * most KDF time / all the CPU time a request costs.
 */
const TICK_MS = 10; // USER_HZ = 100 on Linux

function statCpuMs(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
}

/** CPU time of a process's main thread (tid = pid) and of all its other threads, in ms. */
export function threadCpuMs(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ms = statCpuMs(`/proc/${pid}/task/${tid}/stat`);
      if (Number(tid) === pid) main = ms;
      else others += ms;
    } catch {
      // the thread ended meanwhile
    }
  }
  return { main, others };
}

/** CPU time of a whole process (every thread, ended ones included), in ms. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/** CPU time of the PostgreSQL backends connected to `database` now, in ms (same host only). */
export function postgresCpuMs(database: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // A backend's title: "postgres: [<cluster>:] <user> <database> <client> <state>" (Debian
      // puts the cluster, e.g. "15/main:", first).
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').split(' ');
      if (title[0] === 'postgres:' && title.slice(1, 4).includes(database))
        total += statCpuMs(`/proc/${pid}/stat`);
    } catch {
      // not ours, or ended meanwhile
    }
  }
  return total;
}

/** Per-request CPU split between two snapshots of the service's processes. */
export function cpuSnapshot(apiPid: number, workerPid: number | undefined, database: string) {
  return {
    api: threadCpuMs(apiPid),
    worker: workerPid === undefined ? 0 : processCpuMs(workerPid),
    postgres: postgresCpuMs(database),
  };
}

export function cpuPerRequest(
  before: ReturnType<typeof cpuSnapshot>,
  after: ReturnType<typeof cpuSnapshot>,
  requests: number,
): string {
  const per = (ms: number) => (ms / Math.max(1, requests)).toFixed(2);
  return (
    `CPU per request: API event loop ${per(after.api.main - before.api.main)} ms, ` +
    `API other threads (KDF pool, GC) ${per(after.api.others - before.api.others)} ms, ` +
    `worker process ${per(after.worker - before.worker)} ms, ` +
    `PostgreSQL ${per(after.postgres - before.postgres)} ms`
  );
}
