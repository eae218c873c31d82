import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommonErrorCode, commonError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config';
import { RedisClient } from '../queue/redis.provider';
import { AbuseErrorCode, abuseError } from './abuse.errors';
import { CHALLENGE, NONCE, POW_ALGORITHM, proofBits } from './proof-of-work';

export interface ProofOfWork {
  challenge: string;
  nonce: string;
}

export interface IssuedChallenge {
  challenge: string;
  difficultyBits: number;
  algorithm: typeof POW_ALGORITHM;
  expiresAt: string;
}

/** What the public form definition tells a client about proof of work. */
export interface ProofOfWorkParameters {
  algorithm: typeof POW_ALGORITHM;
  difficultyBits: number;
  challengePath: string;
}

/**
 * Optional proof of work on intake: the client asks for a random challenge (kept in Redis with a
 * TTL, bound to the form) and must find a nonce such that SHA-256(challenge ‖ nonce) starts with
 * `POW_DIFFICULTY_BITS` zero bits. Each challenge is used once (GETDEL).
 *
 * With Redis away no challenge can be issued or checked; the service then fails open — a report
 * without a proof is taken, and a proof is only checked for its work — because losing a report is
 * worse than a flood that the per-process rate limits still cap.
 */
@Injectable()
export class ProofOfWorkService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisClient,
  ) {}

  private get settings() {
    return this.config.intakeLimits.proofOfWork;
  }

  publicParameters(formSlug: string): ProofOfWorkParameters | null {
    if (!this.settings.enabled) return null;
    return {
      algorithm: POW_ALGORITHM,
      difficultyBits: this.settings.difficultyBits,
      challengePath: `/api/v1/intake/${encodeURIComponent(formSlug)}/challenge`,
    };
  }

  async issue(formSlug: string): Promise<IssuedChallenge> {
    if (!this.settings.enabled) throw abuseError(AbuseErrorCode.POW_DISABLED);
    const challenge = randomBytes(16).toString('base64url');
    const ttl = this.settings.challengeTtlSeconds;
    try {
      await this.redis.connection.set(this.challengeKey(challenge), this.binding(formSlug), 'EX', ttl);
    } catch {
      throw commonError(CommonErrorCode.SERVICE_UNAVAILABLE);
    }
    return {
      challenge,
      difficultyBits: this.settings.difficultyBits,
      algorithm: POW_ALGORITHM,
      expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
    };
  }

  /** Throws POW_REQUIRED / POW_FAILED when proof of work is enabled and not met; else returns. */
  async verify(formSlug: string, proof: ProofOfWork | undefined): Promise<void> {
    if (!this.settings.enabled) return;
    const redisAway = this.redis.connection.status !== 'ready';
    if (!proof) {
      if (redisAway) return; // no challenge could have been issued
      throw abuseError(AbuseErrorCode.POW_REQUIRED);
    }
    if (typeof proof.challenge !== 'string' || typeof proof.nonce !== 'string')
      throw abuseError(AbuseErrorCode.POW_FAILED);
    if (!CHALLENGE.test(proof.challenge) || !NONCE.test(proof.nonce))
      throw abuseError(AbuseErrorCode.POW_FAILED);
    // The work is checked first: it costs no Redis call, so garbage never reaches Redis.
    if (proofBits(proof.challenge, proof.nonce) < this.settings.difficultyBits)
      throw abuseError(AbuseErrorCode.POW_FAILED);
    let binding: string | null;
    try {
      binding = await this.redis.connection.getdel(this.challengeKey(proof.challenge));
    } catch {
      return; // Redis away: the work was done; single use cannot be checked (fail open, see above)
    }
    if (binding !== this.binding(formSlug)) throw abuseError(AbuseErrorCode.POW_FAILED);
  }

  private challengeKey(challenge: string) {
    return this.redis.key('abuse', 'pow', challenge);
  }

  /** A challenge is good for one form only. */
  private binding(formSlug: string) {
    return `form:${formSlug}`;
  }
}
