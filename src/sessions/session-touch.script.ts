import type IORedis from 'ioredis';
import { runScript } from '../queue/redis-script';

/**
 * Checks a session and slides its idle expiry in ONE Redis round trip (atomically, so a lockdown
 * or logout between the check and the slide cannot revive a session's TTL).
 *
 * KEYS[1] the session hash, KEYS[2] the lockdown generation.
 * ARGV[1] now (ms, from the injectable clock), ARGV[2] idle timeout (ms).
 * Returns nil (no such session), 'expired' (idle, absolute or lockdown: the caller ends it), or
 * {userId, roles, enrolmentOnly, absoluteExpiresAt} after sliding lastSeenAt and the TTL.
 */
const SESSION_TOUCH_LUA = `
local f = redis.call('HMGET', KEYS[1], 'userId', 'roles', 'enrolmentOnly', 'lastSeenAt', 'absoluteExpiresAt', 'generation')
if not f[1] then return nil end
local generation = redis.call('GET', KEYS[2]) or '0'
local now = tonumber(ARGV[1])
local idle = tonumber(ARGV[2])
local absolute = tonumber(f[5])
if now - tonumber(f[4]) >= idle or now >= absolute or f[6] ~= generation then return 'expired' end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.max(1, math.min(idle, absolute - now)))
return {f[1], f[2] or '', f[3] or '0', f[5]}
`;

export type SessionTouchReply = null | 'expired' | [string, string, string, string];

/** Runs the script on `connection`. */
export function touchSession(
  connection: IORedis,
  keys: { session: string; generation: string },
  now: number,
  idleMs: number,
): Promise<SessionTouchReply> {
  return runScript<SessionTouchReply>(
    connection,
    SESSION_TOUCH_LUA,
    [keys.session, keys.generation],
    [now, idleMs],
  );
}
