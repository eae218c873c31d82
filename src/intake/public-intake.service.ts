import { Injectable } from '@nestjs/common';
import { IntakeAbuseService } from '../abuse/intake-abuse.service';
import { ProofOfWorkService } from '../abuse/proof-of-work.service';
import { SizeLimits } from '../abuse/size-limits';
import { ChannelVerifier } from '../channels/channel-verifier';
import { parseIntakeBody, proofOf, MAX_ENVELOPE_CHARS } from './intake-body';
import { IntakeService, Submission } from './intake.service';
import type { SignedRequestParts } from '../channels/signed-request';

export type IntakeAnswer = { receipt: string } | { reportId: string; status: 'received' };

/**
 * The public intake route's order of checks, cheapest and most abuse-relevant first: rate limits,
 * proof of work, the channel signature, the body's shape limits, then the submission itself.
 */
@Injectable()
export class PublicIntakeService {
  constructor(
    private readonly abuse: IntakeAbuseService,
    private readonly proofOfWork: ProofOfWorkService,
    private readonly channels: ChannelVerifier,
    private readonly sizeLimits: SizeLimits,
    private readonly intake: IntakeService,
  ) {}

  /**
   * `source`: the caller's rate-limit identity and the request's signature parts, plain values;
   * `clientGone` fires when the client stops waiting (its receipt derivation is then dropped).
   */
  async accept(
    source: { address: string; signed: SignedRequestParts; clientGone?: AbortSignal },
    slug: string,
    rawBody: unknown,
  ): Promise<IntakeAnswer> {
    await this.abuse.assertWithinLimits(source.address, slug);
    await this.proofOfWork.verify(slug, proofOf(rawBody));
    const signed = await this.channels.identify(source.signed);
    const sealedMode = typeof rawBody === 'object' && rawBody !== null && 'sealed' in rawBody;
    // Envelopes of long answers are longer than any plaintext field may be.
    this.sizeLimits.assertBodyWithinLimits(rawBody, sealedMode ? MAX_ENVELOPE_CHARS : undefined);
    const parsed = parseIntakeBody(rawBody);
    const submission: Submission = {
      slug,
      channel: signed?.channel ?? 'web',
      actor: { type: 'intake' },
      clientGone: source.clientGone,
    };
    if (parsed.mode === 'sealed') {
      const { reportId } = await this.intake.submitSealed(submission, parsed.body);
      return { reportId, status: 'received' };
    }
    const { receipt } = await this.intake.submitPlaintext(submission, parsed.body);
    return { receipt };
  }
}
