import { createHash } from 'node:crypto';

/** The challenge format: 16 random bytes, base64url. */
export const CHALLENGE = /^[A-Za-z0-9_-]{22}$/;
/** A nonce is any base64url-alphabet string of up to 64 characters chosen by the client. */
export const NONCE = /^[A-Za-z0-9_-]{1,64}$/;
export const POW_ALGORITHM = 'sha256';

/** Leading zero bits of SHA-256(challenge ‖ nonce), both taken as their ASCII characters. */
export function proofBits(challenge: string, nonce: string): number {
  const digest = createHash('sha256')
    .update(challenge + nonce, 'ascii')
    .digest();
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

/** Finds a nonce for a challenge (tests, benchmarks and the reference for clients). */
export function solveChallenge(challenge: string, difficultyBits: number): string {
  for (let i = 0; ; i++) {
    const nonce = i.toString(36);
    if (proofBits(challenge, nonce) >= difficultyBits) return nonce;
  }
}
