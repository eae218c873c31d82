import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../access/clock';
import { Role } from '../access/permissions';
import { APP_CONFIG, AppConfig } from '../config';
import { fromBase64Url, hashSessionToken, toBase64Url, wrapForSession } from '../crypto';
import { sessionKeys } from './session-keys';
import { touchSession } from './session-touch.script';
import { RedisClient } from '../queue/redis.provider';

/** A live session as the rest of the server sees it (no key material). */
export interface Session {
  id: string;
  userId: string;
  roles: Role[];
  /** Restricted to TOTP enrolment (TOTP required and not yet enrolled). */
  enrolmentOnly: boolean;
  expiresAt: number;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sessions in Redis, so that any API node serves any session. A session is stored under the hash
 * of its token (the token itself is never stored) with the user id, roles, expiry and the user's
 * private key wrapped under a key derived from the token: Redis alone opens nothing.
 *
 * Expiry is checked against the injectable clock on every use (idle and absolute), and Redis TTLs
 * remove what nobody uses. Lockdown bumps a global generation, checked on every request, so every
 * node stops honouring every older session at once, then deletes the keys.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisClient,
    private readonly clock: Clock,
  ) {}

  /** Stores a new session for `token`; the private key is wrapped, never stored in the clear. */
  async create(
    token: string,
    user: { id: string; roles: Role[] },
    privateKey: Uint8Array,
    enrolmentOnly: boolean,
  ): Promise<Session> {
    const id = hashSessionToken(token);
    const now = this.clock.now();
    const absoluteExpiresAt = now + this.config.security.sessionAbsoluteMs;
    const generation = (await this.redis.connection.get(this.generationKey())) ?? '0';
    // Bound to the user: a wrapped key moved to another user's session record does not open.
    const wrapped = toBase64Url(wrapForSession(token, privateKey, sessionKeyBinding(user.id)));
    await this.redis.connection
      .multi()
      .hset(this.sessionKey(id), {
        userId: user.id,
        roles: user.roles.join(','),
        enrolmentOnly: enrolmentOnly ? '1' : '0',
        lastSeenAt: String(now),
        absoluteExpiresAt: String(absoluteExpiresAt),
        generation,
        wrappedKey: wrapped,
      })
      .pexpire(this.sessionKey(id), this.config.security.sessionIdleMs)
      .sadd(this.userKey(user.id), id)
      .pexpire(this.userKey(user.id), this.config.security.sessionAbsoluteMs)
      .exec();
    return {
      id,
      userId: user.id,
      roles: user.roles,
      enrolmentOnly,
      expiresAt: this.expiry(now, absoluteExpiresAt),
    };
  }

  /** The live session of `token` (sliding its idle expiry), or null. One Redis round trip. */
  async resolve(token: string): Promise<Session | null> {
    if (!TOKEN.test(token)) return null;
    const id = hashSessionToken(token);
    const now = this.clock.now();
    const reply = await touchSession(
      this.redis.connection,
      { session: this.sessionKey(id), generation: this.generationKey() },
      now,
      this.config.security.sessionIdleMs,
    );
    if (reply === null) return null;
    if (reply === 'expired') {
      await this.end(id);
      return null;
    }
    const [userId, roles, enrolmentOnly, absoluteExpiresAt] = reply;
    return {
      id,
      userId,
      roles: roles ? (roles.split(',') as Role[]) : [],
      enrolmentOnly: enrolmentOnly === '1',
      expiresAt: this.expiry(now, Number(absoluteExpiresAt)),
    };
  }

  /** The session's wrapped user private key (opened only by CaseAccessService, with the token). */
  async wrappedKey(sessionId: string): Promise<Uint8Array | null> {
    const value = await this.redis.connection.hget(this.sessionKey(sessionId), 'wrappedKey');
    return value ? fromBase64Url(value) : null;
  }

  /** Lifts the enrolment-only restriction once TOTP is confirmed. */
  async unrestrict(sessionId: string): Promise<void> {
    await this.redis.connection.hset(this.sessionKey(sessionId), 'enrolmentOnly', '0');
  }

  async end(sessionId: string): Promise<void> {
    const userId = await this.redis.connection.hget(this.sessionKey(sessionId), 'userId');
    const pipeline = this.redis.connection.multi().del(this.sessionKey(sessionId));
    if (userId) pipeline.srem(this.userKey(userId), sessionId);
    await pipeline.exec();
  }

  /** Ends every session of one user (password change, disabling, deletion, role change). */
  async endUserSessions(userId: string): Promise<number> {
    const ids = await this.redis.connection.smembers(this.userKey(userId));
    const pipeline = this.redis.connection.multi();
    for (const id of ids) pipeline.del(this.sessionKey(id));
    pipeline.del(this.userKey(userId));
    await pipeline.exec();
    return ids.length;
  }

  /**
   * Lockdown: every session everywhere ends now. The generation bump takes effect on the next
   * request on every node; the keys are then deleted so that no wrapped key stays in Redis.
   */
  async endAll(): Promise<number> {
    await this.redis.connection.incr(this.generationKey());
    let ended = 0;
    // Reporter sessions too: their wrapped case keys must not stay in Redis after a lockdown.
    for (const pattern of [this.sessionKey('*'), this.userKey('*'), sessionKeys.reporter(this.redis, '*')]) {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.connection.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        if (keys.length) {
          await this.redis.connection.del(...keys);
          if (pattern === this.sessionKey('*')) ended += keys.length;
        }
        cursor = next;
      } while (cursor !== '0');
    }
    return ended;
  }

  private expiry(now: number, absoluteExpiresAt: number): number {
    return Math.min(now + this.config.security.sessionIdleMs, absoluteExpiresAt);
  }

  private sessionKey(id: string): string {
    return sessionKeys.caseworker(this.redis, id);
  }

  private userKey(userId: string): string {
    return sessionKeys.userIndex(this.redis, userId);
  }

  private generationKey(): string {
    return sessionKeys.generation(this.redis);
  }
}

/** What a session's wrapped key is bound to (associated data): the user it belongs to. */
export function sessionKeyBinding(userId: string): string {
  return `user:${userId}`;
}
