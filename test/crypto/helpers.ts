import {
  CryptoError,
  type ContentLocation,
  type CryptoErrorCode,
  type PasswordKdfParams,
} from '../../src/crypto';

/** Small Argon2id parameters so tests stay fast (the floor accepted by validateKdfParams). */
export const FAST_KDF: PasswordKdfParams = { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };

export const LOCATION: ContentLocation = {
  purpose: 'report-answer',
  table: 'report_answers',
  column: 'value_sealed',
  rowId: '0b7d3f4e-1c2a-4e59-9a7b-3c2d1e0f9a8b',
};

export function fixedBytes(length: number, start: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);
}

/** Runs fn and returns the CryptoError it throws; fails the test if it throws nothing or something else. */
export function cryptoErrorOf(fn: () => unknown): CryptoError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (!(thrown instanceof CryptoError)) {
    throw new Error(`expected a CryptoError, got ${thrown === undefined ? 'no error' : String(thrown)}`);
  }
  return thrown;
}

export function expectCryptoError(fn: () => unknown, code: CryptoErrorCode): CryptoError {
  const e = cryptoErrorOf(fn);
  expect(e.code).toBe(code);
  return e;
}
