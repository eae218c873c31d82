import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class ProofDto {
  @ApiProperty() challenge: string;
  @ApiProperty() nonce: string;
}

class SealedSlotDto {
  @ApiProperty({ description: 'A recipient key id from the public form definition (or `recovery`).' })
  keyId: string;
  @ApiProperty({
    description: 'base64url key slot (113 bytes): the case private key sealed to the recipient.',
  })
  sealedKey: string;
}

class SealedReportDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client (UUID v4); bound into every envelope.' })
  reportId: string;
  @ApiProperty({ description: 'base64url X25519 case public key (32 bytes).' })
  casePublicKey: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Sensitive field key → base64url envelope of the UTF-8 JSON of the answer, sealed to the case with ' +
      'location {purpose: "report-answer", table: "report_items", column: "envelope", rowId: "<reportId>:<fieldKey>"}.',
  })
  answers: Record<string, string>;
  @ApiProperty({ type: [SealedSlotDto], description: 'One per current recipient, no more, no fewer.' })
  slots: SealedSlotDto[];
  @ApiProperty({ description: 'base64url reporter slot (73 bytes), sealed under the receipt slot key.' })
  reporterSlot: string;
  @ApiProperty({
    description: 'base64url receipt lookup value (32 bytes); never the receipt or the slot key.',
  })
  receiptLookupValue: string;
}

/** Documentation of the union body (validated with zod in IntakeService, not by class-validator). */
export class IntakeReportBodyDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Plaintext mode: field key → answer. The server seals the sensitive answers at once.',
  })
  answers?: Record<string, unknown>;
  @ApiPropertyOptional({ type: SealedReportDto, description: 'Sealed mode: encrypted by the client.' })
  sealed?: SealedReportDto;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Sealed mode: the statistical answers, in the clear, checked against the form.',
  })
  statistics?: Record<string, unknown>;
  @ApiPropertyOptional({ example: 'ru' }) language?: string;
  @ApiPropertyOptional({ type: ProofDto }) proof?: ProofDto;
}

export class IntakeAnswerDto {
  @ApiPropertyOptional({
    description: 'Plaintext mode: the receipt, shown once. 16 digits in groups of four.',
  })
  receipt?: string;
  @ApiPropertyOptional({ description: 'Sealed mode: the report id the client chose.' })
  reportId?: string;
  @ApiPropertyOptional({ enum: ['received'] }) status?: 'received';
}

export class OperatorReportBodyDto {
  @ApiPropertyOptional({ example: 'report', description: 'The form slug; the default form when absent.' })
  form?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Field key → answer.' })
  answers: Record<string, unknown>;
  @ApiPropertyOptional({ example: 'ru' }) language?: string;
}

export class OperatorReportAnswerDto {
  @ApiProperty({ description: 'The receipt to read to the caller, shown once.' })
  receipt: string;
}

class RecipientDto {
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'base64url X25519 public key.' }) publicKey: string;
}

class ReceiptKdfDto {
  @ApiProperty({ enum: ['argon2id'] }) algorithm: 'argon2id';
  @ApiProperty({ description: 'base64url per-install receipt salt (16 bytes).' }) salt: string;
  @ApiProperty() opsLimit: number;
  @ApiProperty() memLimitBytes: number;
}

class EnvelopeBindingDto {
  @ApiProperty() version: number;
  @ApiProperty() purpose: string;
  @ApiProperty() table: string;
  @ApiProperty() column: string;
  @ApiProperty({ example: '{reportId}:{fieldKey}' }) rowId: string;
}

export class PublicFormDto {
  @ApiProperty() slug: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) definition: Record<string, unknown>;
  @ApiProperty({
    type: [RecipientDto],
    description:
      'The triage team key (keyId: its key id, a UUID) and the recovery key (keyId "recovery"): seal one slot to each.',
  })
  recipients: RecipientDto[];
  @ApiProperty({ type: ReceiptKdfDto }) receiptKdf: ReceiptKdfDto;
  @ApiProperty({ type: EnvelopeBindingDto }) answerEnvelope: EnvelopeBindingDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  proofOfWork: Record<string, unknown> | null;
}
