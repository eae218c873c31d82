import { Injectable } from '@nestjs/common';
import {
  fromBase64Url,
  generateSessionToken,
  hashSessionToken,
  toBase64Url,
  isCryptoError,
  unwrapForSession,
  wrapForSession,
} from '../crypto';
import { sessionKeys } from '../sessions/session-keys';
import { RedisClient } from '../queue/redis.provider';

/** How long a reporter session lives (no sliding: a reporter checks in, reads, writes, leaves). */
export const REPORTER_SESSION_MS = 20 * 60_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface ReporterSession {
  reportId: string;
  /** The case private key, unwrapped for this request only: the caller wipes it. */
  casePrivateKey: Uint8Array;
}

/**
 * Reporter sessions in Redis under the hash of the token, holding the report id and the case
 * private key wrapped under a key derived from the token, which is never stored: Redis alone
 * opens nothing. Lockdown's session generation (shared with caseworker sessions) ends them too.
 */
@Injectable()
export class ReporterSessionStore {
  constructor(private readonly redis: RedisClient) {}

  async create(reportId: string, casePrivateKey: Uint8Array): Promise<{ token: string; expiresAt: Date }> {
    const token = generateSessionToken();
    const generation = (await this.redis.connection.get(this.generationKey())) ?? '0';
    // Bound to the report: a wrapped key moved to another report's session record does not open.
    const wrapped = toBase64Url(wrapForSession(token, casePrivateKey, reporterKeyBinding(reportId)));
    await this.redis.connection.set(
      this.sessionKey(hashSessionToken(token)),
      JSON.stringify({ reportId, wrapped, generation }),
      'PX',
      REPORTER_SESSION_MS,
    );
    return { token, expiresAt: new Date(Date.now() + REPORTER_SESSION_MS) };
  }

  /** The session of `token`, or null when there is none (or it ended with a lockdown). */
  async resolve(token: string | undefined): Promise<ReporterSession | null> {
    if (!token || !TOKEN.test(token)) return null;
    const key = this.sessionKey(hashSessionToken(token));
    const [raw, generation] = await this.redis.connection.mget(key, this.generationKey());
    if (!raw) return null;
    const stored = JSON.parse(raw) as { reportId: string; wrapped: string; generation: string };
    if (stored.generation !== (generation ?? '0')) {
      await this.redis.connection.del(key);
      return null;
    }
    try {
      return {
        reportId: stored.reportId,
        casePrivateKey: unwrapForSession(
          token,
          fromBase64Url(stored.wrapped),
          reporterKeyBinding(stored.reportId),
        ),
      };
    } catch (error) {
      // A record whose report id was changed in Redis: the key does not open, so no session.
      if (isCryptoError(error)) return null;
      throw error;
    }
  }

  /** Ends the session of `token` (the hosted page's "leave"); nothing happens for an unknown one. */
  async end(token: string | undefined): Promise<void> {
    if (!token || !TOKEN.test(token)) return;
    await this.redis.connection.del(this.sessionKey(hashSessionToken(token)));
  }

  private sessionKey(id: string): string {
    return sessionKeys.reporter(this.redis, id);
  }

  /** The lockdown generation, shared with caseworker sessions. */
  private generationKey(): string {
    return sessionKeys.generation(this.redis);
  }
}

function reporterKeyBinding(reportId: string): string {
  return `reporter:${reportId}`;
}
