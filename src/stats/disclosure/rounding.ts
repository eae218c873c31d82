import { createHash } from 'node:crypto';

/**
 * Deterministic unbiased rounding to a base: a count r above a multiple of the base rounds up
 * with probability r/base, where the "coin" is a hash of the cell's definition and its true
 * count. The same cell with the same count rounds the same way in every rerun and ordering,
 * so repeating a query cannot average the rounding away.
 */
export function roundDeterministically(cellKey: string, value: number, base: number): number {
  if (base <= 1) return value;
  const remainder = value % base;
  if (remainder === 0) return value;
  const digest = createHash('sha256').update(`${cellKey}\u0000${value}`).digest();
  const coin = digest.readUInt32BE(0) % base;
  return coin < remainder ? value - remainder + base : value - remainder;
}
