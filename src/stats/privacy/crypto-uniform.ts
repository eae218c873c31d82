import { randomBytes, randomInt } from 'node:crypto';

/** A uniform integer in [0, exclusiveMax): the only source of randomness the samplers take. */
export type UniformBigInt = (exclusiveMax: bigint) => bigint;

/** `crypto.randomInt` takes ranges below 2^48 only; larger ones are drawn from random bytes. */
const RANDOM_INT_LIMIT = 2n ** 48n;

/**
 * Uniform integers from the operating system's CSPRNG (node:crypto). Above `randomInt`'s range:
 * rejection sampling over the smallest number of whole bits that holds the range, so every value
 * is exactly equally likely (no modulo bias).
 */
export const cryptoUniform: UniformBigInt = (exclusiveMax) => {
  if (exclusiveMax < 1n) throw new RangeError('the range must hold at least one integer');
  if (exclusiveMax < RANDOM_INT_LIMIT) return BigInt(randomInt(Number(exclusiveMax)));
  const bits = (exclusiveMax - 1n).toString(2).length;
  const mask = (1n << BigInt(bits)) - 1n;
  const bytes = Math.ceil(bits / 8);
  for (;;) {
    const candidate = BigInt(`0x${randomBytes(bytes).toString('hex')}`) & mask;
    if (candidate < exclusiveMax) return candidate;
  }
};
