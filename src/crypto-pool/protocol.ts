import type { CryptoBackendChoice, PasswordKdfParams } from '../crypto';

/** Messages between CryptoPool and its worker threads (structured-clone-able). */
export type CryptoTask =
  | { op: 'password'; password: string | Uint8Array; salt: Uint8Array; params: PasswordKdfParams }
  | { op: 'receipt'; receipt: string; salt: Uint8Array; params: PasswordKdfParams }
  | { op: 'threadId' }
  | { op: 'niceness' }
  | { op: 'backend' };

/** Given to every worker thread at start (piscina's workerData). */
export interface CryptoWorkerData {
  niceness: number;
  /** The libsodium backend of the worker threads: the one the main thread runs. */
  backend: CryptoBackendChoice;
}

/** Two 32-byte subkeys in one transferred buffer (moved, so the worker keeps no copy). */
export const DERIVED_PAIR_BYTES = 64;
