import { Module } from '@nestjs/common';
import { AddressHasher } from './address-hasher';
import { ChallengeController } from './challenge.controller';
import { ChallengeIssuer } from './challenge-issuer.service';
import { IntakeAbuseService } from './intake-abuse.service';
import { ProofOfWorkService } from './proof-of-work.service';
import { RateLimiter } from './rate-limiter';
import { SizeLimits } from './size-limits';

/** Abuse defences of the public routes: rate limits, proof of work, size limits. */
@Module({
  controllers: [ChallengeController],
  providers: [
    AddressHasher,
    RateLimiter,
    IntakeAbuseService,
    ProofOfWorkService,
    ChallengeIssuer,
    SizeLimits,
  ],
  exports: [IntakeAbuseService, ProofOfWorkService, SizeLimits, RateLimiter, AddressHasher],
})
export class AbuseModule {}
