import { FORM_SLUG as SLUG } from '../common/patterns';
import { Inject, Injectable } from '@nestjs/common';
import { CommonErrorCode, commonError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config';
import { AddressHasher } from './address-hasher';
import { RateCounter, RateLimiter } from './rate-limiter';

const WINDOW_SECONDS = 60;

/**
 * The rate limits of the public routes, keyed by the salted daily pseudonym of the source address:
 * per form and address, per address across all forms, and (optionally) a global cap of a form.
 */
@Injectable()
export class IntakeAbuseService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly addresses: AddressHasher,
    private readonly limiter: RateLimiter,
  ) {}

  /** Before a report is accepted on `formSlug`: throws 429 RATE_LIMITED over any limit. */
  async assertWithinLimits(sourceAddress: string, formSlug: string): Promise<void> {
    const limits = this.config.intakeLimits.rateLimits;
    const slug = SLUG.test(formSlug) ? formSlug : '_';
    const { value: address } = await this.addresses.pseudonym(sourceAddress);
    await this.enforce([
      { key: `intake:form:${slug}:${address}`, limit: limits.perAddressPerForm },
      { key: `intake:all:${address}`, limit: limits.perAddressAllForms },
      { key: `intake:global:${slug}`, limit: limits.global },
    ]);
  }

  /** Before a proof-of-work challenge is issued: the same per-address budget as reports, doubled. */
  async assertChallengeWithinLimits(sourceAddress: string, formSlug: string): Promise<void> {
    const limits = this.config.intakeLimits.rateLimits;
    const slug = SLUG.test(formSlug) ? formSlug : '_';
    const { value: address } = await this.addresses.pseudonym(sourceAddress);
    await this.enforce([{ key: `challenge:${slug}:${address}`, limit: limits.perAddressPerForm * 2 }]);
  }

  /** Before a reporter session is opened with a receipt (a guessing target). */
  async assertReporterSessionWithinLimits(sourceAddress: string): Promise<void> {
    const { value: address } = await this.addresses.pseudonym(sourceAddress);
    await this.enforce([
      { key: `reporter:${address}`, limit: this.config.intakeLimits.rateLimits.reporterSessionPerAddress },
    ]);
  }

  private async enforce(counters: RateCounter[]): Promise<void> {
    const decision = await this.limiter.hit(counters, WINDOW_SECONDS);
    if (!decision.allowed)
      throw commonError(CommonErrorCode.RATE_LIMITED, { retryAfterSeconds: decision.retryAfterSeconds });
  }
}
