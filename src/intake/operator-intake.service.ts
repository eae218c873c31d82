import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/principal';
import { SizeLimits } from '../abuse/size-limits';
import { DEFAULT_FORM_SLUG } from '../forms/default-report-form';
import { parseOperatorBody } from './intake-body';
import { IntakeService } from './intake.service';

/** Operator submissions: same storage as public plaintext intake, recorded as the operator's act. */
@Injectable()
export class OperatorIntakeService {
  constructor(
    private readonly sizeLimits: SizeLimits,
    private readonly intake: IntakeService,
  ) {}

  async submit(principal: Principal, rawBody: unknown): Promise<{ receipt: string }> {
    this.sizeLimits.assertBodyWithinLimits(rawBody);
    const { form, ...body } = parseOperatorBody(rawBody);
    const { receipt } = await this.intake.submitPlaintext(
      { slug: form ?? DEFAULT_FORM_SLUG, channel: 'phone', actor: { type: 'user', id: principal.userId } },
      body,
    );
    return { receipt };
  }
}
