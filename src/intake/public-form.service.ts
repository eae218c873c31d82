import { Injectable } from '@nestjs/common';
import { ProofOfWorkService } from '../abuse/proof-of-work.service';
import { ENVELOPE_VERSION, toBase64Url } from '../crypto';
import { FormsService } from '../forms/forms.service';
import type { PublicForm } from './intake-answers';
import { IntakeErrorCode, intakeError } from './intake.errors';
import { ReceiptService } from './receipt.service';
import { RecipientsService } from '../teams/recipients.service';
import { ANSWER_PURPOSE, ITEMS_COLUMN, ITEMS_TABLE } from '../reports/report-locations';

/**
 * What a browser needs to fill in and encrypt a report itself: the current definition, the
 * recipients' public keys with their ids, the receipt KDF (salt and cost), the envelope binding,
 * and the proof-of-work parameters when enabled.
 */
@Injectable()
export class PublicFormService {
  constructor(
    private readonly forms: FormsService,
    private readonly recipients: RecipientsService,
    private readonly receipts: ReceiptService,
    private readonly proofOfWork: ProofOfWorkService,
  ) {}

  async describe(slug: string): Promise<PublicForm> {
    const current = await this.forms.findCurrentCached(slug);
    if (!current) throw intakeError(IntakeErrorCode.INTAKE_FORM_NOT_FOUND);
    if (current.form.status !== 'open') throw intakeError(IntakeErrorCode.INTAKE_FORM_CLOSED);
    const recipients = await this.recipients.current();
    return {
      slug: current.form.slug,
      version: current.form.currentVersion,
      definition: current.definition,
      recipients: recipients.current.map((r) => ({ keyId: r.keyId, publicKey: toBase64Url(r.publicKey) })),
      receiptKdf: {
        algorithm: 'argon2id',
        salt: toBase64Url(this.receipts.salt),
        opsLimit: this.receipts.kdf.opsLimit,
        memLimitBytes: this.receipts.kdf.memLimitBytes,
      },
      answerEnvelope: {
        version: ENVELOPE_VERSION,
        purpose: ANSWER_PURPOSE,
        table: ITEMS_TABLE,
        column: ITEMS_COLUMN,
        rowId: '{reportId}:{fieldKey}',
      },
      proofOfWork: this.proofOfWork.publicParameters(slug) as Record<string, unknown> | null,
    };
  }
}
