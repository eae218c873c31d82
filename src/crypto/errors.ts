/**
 * The single error type of the crypto module.
 *
 * Messages are fixed strings chosen by this module: they never contain key material,
 * plaintext, receipts, passwords or tokens, so an error can be logged as it is. Callers map
 * `code` to their own answers (e.g. every DECRYPT_FAILED at login becomes the one generic 401).
 */
export type CryptoErrorCode =
  /** initCrypto() has not resolved yet. */
  | 'NOT_INITIALISED'
  /** An argument has the wrong type, length or shape (not a key). */
  | 'INVALID_INPUT'
  /** A key has the wrong length or is otherwise unusable. */
  | 'INVALID_KEY'
  /** The bytes are not a well-formed envelope/slot/wrapped key (too short, bad padding…). */
  | 'BAD_ENVELOPE'
  /** The version byte is not one this code can read. */
  | 'UNSUPPORTED_VERSION'
  /** Authentication failed: wrong key, wrong location (associated data) or tampered bytes. */
  | 'DECRYPT_FAILED'
  /** Plaintext above MAX_PLAINTEXT_BYTES. */
  | 'TOO_LARGE'
  /** Argon2id failed (e.g. out of memory for the requested memLimit). */
  | 'KDF_FAILED'
  /** The crypto worker pool's queue is full; retry later (maps to 503). */
  | 'BUSY';

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}

/** Type guard usable across bundles (instanceof fails when two copies of the module are loaded). */
export function isCryptoError(e: unknown): e is CryptoError {
  return e instanceof CryptoError || (e instanceof Error && e.name === 'CryptoError' && 'code' in e);
}
