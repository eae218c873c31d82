import { createHash, createHmac } from 'node:crypto';

/**
 * Deterministic unbiased rounding to a base: a count r above a multiple of the base rounds up
 * with probability r/base, where the "coin" is a hash of the cell's definition and its true
 * count. The same cell with the same count rounds the same way in every rerun and ordering,
 * so repeating a query cannot average the rounding away. With `key` (the service passes a server
 * secret) the coin is an HMAC: without the key nobody can work out which true counts round to a
 * published figure; without it (tests, offline tools) a plain SHA-256.
 */
export function roundDeterministically(
  cellKey: string,
  value: number,
  base: number,
  key?: Uint8Array,
): number {
  if (base <= 1) return value;
  const remainder = value % base;
  if (remainder === 0) return value;
  const input = `${cellKey}\u0000${value}`;
  const digest = (key ? createHmac('sha256', key) : createHash('sha256')).update(input).digest();
  const coin = digest.readUInt32BE(0) % base;
  return coin < remainder ? value - remainder + base : value - remainder;
}
