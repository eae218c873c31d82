import { CryptoError } from './errors';
import { isBytes, requireKey, utf8Encode, wipe } from './encoding';
import { sodium } from './sodium';

/**
 * Argon2id cost parameters. Stored next to whatever they protect (wrapped user key), so they
 * can be raised later without breaking existing records.
 */
export interface PasswordKdfParams {
  /** Argon2id passes (t). */
  opsLimit: number;
  /** Memory in bytes (m); a multiple of 1 KiB. */
  memLimitBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Passwords (caseworker login, done on the server in the crypto pool): t=3, m=64 MiB, p=1.
 * About 0.2–0.3 s on this 2-core EPYC (BENCHMARKS.md). Passwords are the weakest
 * secret in the system and logins are rare, so they get the heavier setting (above OWASP's
 * minimum of t=2, m=19 MiB; libsodium's INTERACTIVE is t=2, m=64 MiB). 64 MiB per concurrent
 * derivation: the pool size bounds the memory (2 threads → 128 MiB).
 */
export const DEFAULT_PASSWORD_KDF: Readonly<PasswordKdfParams> = Object.freeze({
  opsLimit: 3,
  memLimitBytes: 64 * MiB,
});

/**
 * Receipts (every intake, every reporter follow-up, and in the reporter's browser, maybe a cheap
 * phone): t=2, m=19 MiB (OWASP's recommended minimum), about 45 ms here.
 *
 * KNOWN LIMITATION (SECURITY.md, "Receipts: known limitation"): the receipt salt is one per
 * install, so a guess is tested against EVERY stored receipt at once, and the reporter slot
 * (AD = lp(caseId), in the database) lets a database thief test guesses WITHOUT the pepper.
 * With N reporter slots, finding one receipt costs ≈ 10^16 / N Argon2id evaluations at these
 * parameters (N = 10^4: ≈ 3 GPU-years; N = 10^5: ≈ 4 GPU-months) — not "infeasible". The
 * mitigations are retention (delete reporter slots when a case closes, keeping N small), a
 * future v2 receipt with more digits, and a heavier receipt KDF (at the cost of intake throughput).
 */
export const DEFAULT_RECEIPT_KDF: Readonly<PasswordKdfParams> = Object.freeze({
  opsLimit: 2,
  memLimitBytes: 19 * MiB,
});

/**
 * Bounds accepted for stored or configured parameters. The floor (t=1, m=8 MiB) exists for tests
 * and is NOT production strength (see MIN_PRODUCTION_*_KDF / isProductionStrength); the ceiling
 * (t=10, m=256 MiB) stops a tampered record or config from asking for absurd work: every pool
 * thread's WebAssembly heap grows to the largest m it has run and never shrinks, so one 1 GiB
 * request would pin 1 GiB per thread for the life of the process.
 */
export const KDF_LIMITS = Object.freeze({
  minOpsLimit: 1,
  maxOpsLimit: 10,
  minMemLimitBytes: 8 * MiB,
  maxMemLimitBytes: 256 * MiB,
});

/**
 * The weakest Argon2id parameters production may use for passwords: t ≥ 2 AND m ≥ 19 MiB —
 * OWASP's minimum recommended Argon2id configuration (m = 19456 KiB, t = 2, p = 1). Below it a
 * GPU tests guesses markedly faster than the cost model of SECURITY.md assumes. The default
 * (t=3, 64 MiB) is above it; a small server may lower passwords to this floor, never below.
 */
export const MIN_PRODUCTION_PASSWORD_KDF: Readonly<PasswordKdfParams> = Object.freeze({
  opsLimit: 2,
  memLimitBytes: 19 * MiB,
});

/**
 * The weakest Argon2id parameters production may use for receipts: t ≥ 2 AND m ≥ 19 MiB, i.e.
 * the default itself. The receipt search cost (≈ 10^16 / N evaluations, see the known
 * limitation above) is already the weakest margin of the system; it must not shrink further.
 */
export const MIN_PRODUCTION_RECEIPT_KDF: Readonly<PasswordKdfParams> = Object.freeze({
  opsLimit: 2,
  memLimitBytes: 19 * MiB,
});

/**
 * True when `params` are valid (validateKdfParams) AND at least the production floor of
 * `purpose` in both dimensions (t and m). Production configuration should refuse to start with
 * parameters for which this is false; tests use weaker ones on purpose. Never throws.
 */
export function isProductionStrength(
  params: PasswordKdfParams,
  purpose: 'password' | 'receipt' = 'password',
): boolean {
  let p: PasswordKdfParams;
  try {
    p = validateKdfParams(params);
  } catch {
    return false;
  }
  const floor = purpose === 'receipt' ? MIN_PRODUCTION_RECEIPT_KDF : MIN_PRODUCTION_PASSWORD_KDF;
  return p.opsLimit >= floor.opsLimit && p.memLimitBytes >= floor.memLimitBytes;
}

export const KDF_SALT_BYTES = 16;
export const KDF_MASTER_BYTES = 32;
export const MAX_SECRET_INPUT_BYTES = 4096;

export function validateKdfParams(params: PasswordKdfParams): PasswordKdfParams {
  if (!params || typeof params !== 'object') throw new CryptoError('INVALID_INPUT', 'KDF params required');
  const { opsLimit, memLimitBytes } = params;
  if (!Number.isInteger(opsLimit) || opsLimit < KDF_LIMITS.minOpsLimit || opsLimit > KDF_LIMITS.maxOpsLimit) {
    throw new CryptoError('INVALID_INPUT', 'KDF opsLimit out of range');
  }
  if (
    !Number.isInteger(memLimitBytes) ||
    memLimitBytes % 1024 !== 0 ||
    memLimitBytes < KDF_LIMITS.minMemLimitBytes ||
    memLimitBytes > KDF_LIMITS.maxMemLimitBytes
  ) {
    throw new CryptoError('INVALID_INPUT', 'KDF memLimitBytes out of range');
  }
  return { opsLimit, memLimitBytes };
}

/** Compact text form for storage: "argon2id:t=3,m=65536" (m in KiB, like the PHC format). */
export function formatKdfParams(params: PasswordKdfParams): string {
  const p = validateKdfParams(params);
  return `argon2id:t=${p.opsLimit},m=${p.memLimitBytes / 1024}`;
}

export function parseKdfParams(text: string): PasswordKdfParams {
  const m = typeof text === 'string' ? /^argon2id:t=(\d{1,3}),m=(\d{1,8})$/.exec(text) : null;
  if (!m) throw new CryptoError('INVALID_INPUT', 'not a KDF parameter string');
  return validateKdfParams({ opsLimit: Number(m[1]), memLimitBytes: Number(m[2]) * 1024 });
}

/** A secret given as text is NFC-normalised (same password typed on any platform) and UTF-8 encoded. */
export function secretInputBytes(
  secret: string | Uint8Array,
  what: string,
): { bytes: Uint8Array; owned: boolean } {
  let bytes: Uint8Array;
  let owned = false;
  if (typeof secret === 'string') {
    bytes = utf8Encode(secret.normalize('NFC'));
    owned = true;
  } else if (isBytes(secret)) {
    bytes = secret;
  } else {
    throw new CryptoError('INVALID_INPUT', `${what} must be a string or Uint8Array`);
  }
  if (bytes.length === 0 || bytes.length > MAX_SECRET_INPUT_BYTES) {
    if (owned) wipe(bytes);
    throw new CryptoError('INVALID_INPUT', `${what} must be 1 to ${MAX_SECRET_INPUT_BYTES} bytes`);
  }
  return { bytes, owned };
}

/**
 * ONE Argon2id derivation, split into `subkeyIds.length` independent 32-byte subkeys with
 * crypto_kdf_derive_from_key (BLAKE2b keyed by the master key, personalised with `context`
 * and the subkey id). Knowing one subkey reveals nothing about another or about the master.
 * The master key is wiped here; the subkeys belong to the caller.
 */
export function argon2idSubkeys(
  secret: Uint8Array,
  salt: Uint8Array,
  params: PasswordKdfParams,
  context: string,
  subkeyIds: readonly number[],
): Uint8Array[] {
  const s = sodium();
  const p = validateKdfParams(params);
  requireKey(salt, KDF_SALT_BYTES, 'salt');
  let master: Uint8Array;
  try {
    master = s.crypto_pwhash(
      KDF_MASTER_BYTES,
      secret,
      salt,
      p.opsLimit,
      p.memLimitBytes,
      s.crypto_pwhash_ALG_ARGON2ID13,
    );
  } catch {
    throw new CryptoError('KDF_FAILED', 'Argon2id derivation failed');
  }
  const subkeys: Uint8Array[] = [];
  try {
    for (const id of subkeyIds) subkeys.push(s.crypto_kdf_derive_from_key(32, id, context, master));
    return subkeys;
  } catch (e) {
    wipe(...subkeys); // never hand back (or leave behind) a partial set of keys
    throw e instanceof CryptoError ? e : new CryptoError('KDF_FAILED', 'subkey derivation failed');
  } finally {
    wipe(master);
  }
}
