import type IORedis from 'ioredis';
import { runScript } from './redis-script';

/**
 * Counters with a lifetime, updated by Lua scripts so that each update is one atomic step. INCR
 * then EXPIRE as two commands can lose the EXPIRE (a dropped connection, a failed pipeline) and
 * leave a counter that never expires; a plain DECR on a key that has just expired creates it at -1
 * with no TTL, which then lives for ever and grants extra attempts. Here an increment always leaves
 * a TTL (and repairs a counter that has none, or that an older release left below zero), and a
 * decrement never creates a key nor takes one below zero.
 */

/** KEYS: the counters; ARGV[1]: their lifetime in ms when a counter has none. Returns the counts. */
const INCREMENT_LUA = `
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count < 1 then
    count = 1
    redis.call('SET', key, count)
  end
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[1]) end
  counts[i] = count
end
return counts
`;

/** KEYS: the counters. DECR keeps the key's TTL; an absent or spent counter is left alone. */
const DECREMENT_LUA = `
for _, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key))
  if count and count > 0 then redis.call('DECR', key) end
end
return 0
`;

/** Adds one to each counter in one atomic step; the counts, in the order of `keys`. */
export async function incrementCounters(
  connection: IORedis,
  keys: string[],
  ttlMs: number,
): Promise<number[]> {
  if (!keys.length) return [];
  const counts = await runScript<number[]>(connection, INCREMENT_LUA, keys, [Math.max(1, Math.ceil(ttlMs))]);
  return counts.map(Number);
}

/** Gives one back to each counter that still exists and is above zero (never creates a key). */
export async function decrementCounters(connection: IORedis, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await runScript(connection, DECREMENT_LUA, keys);
}
