import type IORedis from 'ioredis';

/**
 * A random secret that every node agrees on, in one round trip: SET … NX GET stores `candidate`
 * only when the key holds nothing and answers the value already there, so the first node to need
 * one sets it and the others adopt it. The key expires after `ttlSeconds`, and with it the secret.
 */
export async function claimSharedSecret(
  connection: IORedis,
  key: string,
  ttlSeconds: number,
  candidate: Buffer,
): Promise<Buffer> {
  const existing = await connection.set(key, candidate.toString('base64url'), 'EX', ttlSeconds, 'NX', 'GET');
  return existing ? Buffer.from(existing, 'base64url') : candidate;
}
