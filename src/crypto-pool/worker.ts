import { move, workerData } from 'piscina';
import { getPriority, setPriority } from 'node:os';
import { threadId } from 'node:worker_threads';
import {
  cryptoBackend,
  deriveReceiptKeys,
  derivePasswordKeys,
  initCrypto,
  isBytes,
  isCryptoError,
  wipe,
} from '../crypto';
import type { CryptoTask, CryptoWorkerData } from './protocol';

// Lower this thread's priority once, at start: on Linux setpriority(PRIO_PROCESS, 0) applies to
// the calling thread only, so the event loop keeps its own. Raising a nice value needs no
// privilege; if the OS refuses anyway, the derivations simply run at normal priority.
const { niceness, backend } = (workerData ?? { niceness: 0, backend: 'auto' }) as CryptoWorkerData;
if (niceness > 0) {
  try {
    setPriority(niceness);
  } catch {
    // normal priority
  }
}

/*
 * Runs in a worker thread. Each derivation returns its two subkeys concatenated in ONE new
 * buffer that is transferred (moved), not copied, to the main thread: the worker keeps no copy
 * of the keys, and the intermediate buffers are wiped here.
 */
function pack(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  wipe(a, b);
  return out;
}

/**
 * A CryptoError's `code` would not survive the thread boundary (structured clone keeps only
 * name, message and stack), so it is returned as data and re-thrown by the pool.
 */
export default async function cryptoWorkerTask(task: CryptoTask): Promise<unknown> {
  await initCrypto({ backend });
  try {
    return run(task);
  } catch (e) {
    if (isCryptoError(e)) return { cryptoError: { code: e.code, message: e.message } };
    throw e;
  }
}

function run(task: CryptoTask): unknown {
  switch (task.op) {
    case 'password': {
      try {
        const keys = derivePasswordKeys(task.password, task.salt, task.params);
        return move(pack(keys.verifier, keys.wrappingKey));
      } finally {
        // The password bytes arrived as a structured-clone COPY owned by this thread: wipe it.
        // (A password sent as a string cannot be wiped: callers should send bytes.)
        if (isBytes(task.password)) wipe(task.password);
      }
    }
    case 'receipt': {
      const keys = deriveReceiptKeys(task.receipt, task.salt, task.params);
      return move(pack(keys.slotKey, keys.lookupValue));
    }
    case 'threadId':
      return threadId;
    case 'niceness':
      return getPriority();
    case 'backend':
      return cryptoBackend();
    default:
      throw new Error('unknown crypto task');
  }
}
