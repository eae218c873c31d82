import { Injectable } from '@nestjs/common';
import { IntakeAbuseService } from './intake-abuse.service';
import { IssuedChallenge, ProofOfWorkService } from './proof-of-work.service';

/** Issues a challenge within the caller's rate limit, so challenges cannot be used to fill Redis. */
@Injectable()
export class ChallengeIssuer {
  constructor(
    private readonly abuse: IntakeAbuseService,
    private readonly proofOfWork: ProofOfWorkService,
  ) {}

  async issue(sourceAddress: string, formSlug: string): Promise<IssuedChallenge> {
    await this.abuse.assertChallengeWithinLimits(sourceAddress, formSlug);
    return this.proofOfWork.issue(formSlug);
  }
}
