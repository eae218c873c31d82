import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AddressHasher } from '../abuse/address-hasher';
import { RateLimiter } from '../abuse/rate-limiter';
import { APP_CONFIG, AppConfig } from '../config';
import { ReporterErrorCode, reporterError } from './reporter.errors';

const HOUR_SECONDS = 3600;

/**
 * What one report may receive from its reporter sessions. A session lasts minutes but can be
 * reopened at will with the receipt, so the limits are per report, not per session: an hourly
 * rate (Redis, shared by every API node) against floods, and a total cap (counted in PostgreSQL)
 * so that a leaked or patient receipt cannot grow a thread without end.
 */
@Injectable()
export class ReporterMessageLimits {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pseudonyms: AddressHasher,
    private readonly limiter: RateLimiter,
  ) {}

  private get limits() {
    return this.config.intakeLimits.reporterMessages;
  }

  /** Counts an attempt; 429 REPORTER_MESSAGE_RATE_LIMITED over the hourly limit. */
  async assertWithinRate(reportId: string): Promise<void> {
    if (!this.limits.perHour) return;
    // Keyed like the address counters: a salted daily pseudonym, never the report id itself.
    const { value } = await this.pseudonyms.pseudonymOf(`report:${reportId}`);
    const decision = await this.limiter.hit(
      [{ key: `reporter-message:${value}`, limit: this.limits.perHour }],
      HOUR_SECONDS,
    );
    if (!decision.allowed)
      throw reporterError(ReporterErrorCode.REPORTER_MESSAGE_RATE_LIMITED, {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
  }

  /**
   * Inside the transaction that adds the message: 429 REPORTER_MESSAGE_LIMIT_REACHED once the report
   * holds the maximum of reporter messages (caseworkers' replies do not count against it).
   */
  async assertBelowCap(manager: EntityManager, reportId: string): Promise<void> {
    if (!this.limits.maxPerReport) return;
    // The row lock queues concurrent adds to one report, so that each counts the ones before it
    // (READ COMMITTED: the count below is a new statement and sees what they committed).
    await manager.query(`SELECT 1 FROM reports WHERE id = $1 FOR UPDATE`, [reportId]);
    const [{ n }] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM report_items
        WHERE report_id = $1 AND kind = 'message' AND author = 'reporter'`,
      [reportId],
    );
    if (n >= this.limits.maxPerReport) throw reporterError(ReporterErrorCode.REPORTER_MESSAGE_LIMIT_REACHED);
  }
}
