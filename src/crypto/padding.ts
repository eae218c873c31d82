import { CryptoError } from './errors';
import { wipe } from './encoding';
import { sodium } from './sodium';

/*
 * Length hiding. Plaintexts are padded (ISO/IEC 7816-4 via sodium_pad: a 0x80 byte then zeros)
 * to a bucket before encryption:
 *
 *   bucket(n) = max(MIN_PADDED_BYTES, smallest power of two >= n + 1)
 *
 * - The 256-byte floor hides every short answer completely: names, phone numbers, places,
 *   dates, yes/no answers, short messages all give the same ciphertext length. These short
 *   fields are the most identifying ones, and a length is enough to tell "Ali" from
 *   "Magomed-Emin" or a 9-digit from a 12-digit number.
 * - Above that, powers of two leak only the order of magnitude of a long narrative
 *   (13 possible sizes from 256 B to 1 MiB, i.e. < 4 bits), at a cost of < 2x storage,
 *   which is cheap for text. (Padmé would cost less, <12 %, but leaks more distinct sizes;
 *   answers are small, so we prefer the stronger hiding.)
 * - sodium_pad always adds at least one byte, hence n + 1, and the largest plaintext is one
 *   byte below the largest bucket.
 */
export const MIN_PADDED_BYTES = 256;
/** Largest padded size (1 MiB). */
export const MAX_PADDED_BYTES = 1024 * 1024;
/**
 * Largest plaintext accepted by any envelope: 1 MiB − 1 byte (1,048,575 bytes). Answers and
 * notes are far below; attachments larger than this must be split or use another format.
 */
export const MAX_PLAINTEXT_BYTES = MAX_PADDED_BYTES - 1;

export function paddedLength(plaintextLength: number): number {
  if (!Number.isSafeInteger(plaintextLength) || plaintextLength < 0) {
    throw new CryptoError('INVALID_INPUT', 'length must be a non-negative integer');
  }
  if (plaintextLength > MAX_PLAINTEXT_BYTES) {
    throw new CryptoError('TOO_LARGE', `plaintext larger than ${MAX_PLAINTEXT_BYTES} bytes`);
  }
  let bucket = MIN_PADDED_BYTES;
  while (bucket < plaintextLength + 1) bucket *= 2;
  return bucket;
}

export function isValidBucket(length: number): boolean {
  return (
    length >= MIN_PADDED_BYTES && length <= MAX_PADDED_BYTES && (length & (length - 1)) === 0 // power of two
  );
}

/** Returns a new padded buffer; the caller owns it and should wipe it after encrypting. */
export function padPlaintext(plaintext: Uint8Array): Uint8Array {
  const bucket = paddedLength(plaintext.length);
  return sodium().pad(plaintext, bucket);
}

/**
 * Removes the padding. Takes ownership of `padded` (wipes it) and returns a new buffer.
 * Throws BAD_ENVELOPE when the padding is malformed.
 */
export function unpadPlaintext(padded: Uint8Array): Uint8Array {
  try {
    if (!isValidBucket(padded.length)) throw new CryptoError('BAD_ENVELOPE', 'invalid padded length');
    return sodium().unpad(padded, padded.length);
  } catch {
    throw new CryptoError('BAD_ENVELOPE', 'invalid padding');
  } finally {
    wipe(padded);
  }
}
