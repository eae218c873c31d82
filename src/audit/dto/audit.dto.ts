import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from '../audit-log.service';

export class AuditPageQueryDto {
  @ApiPropertyOptional({
    description: 'Return entries with a sequence number above this.',
    minimum: 0,
    default: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Sequence numbers are bigint; beyond the safe integers PostgreSQL would refuse the value (a 500).
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}

export class AuditActorDto {
  @ApiProperty({ enum: ['user', 'system', 'reporter', 'intake', 'rule'] })
  type: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'User id or rule name; null for system, intake and reporter (entries before 2026-11-21 may hold a report id for reporter).',
  })
  id: string | null;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'Position in the hash chain, from 1, without gaps.' })
  seq: number;

  @ApiProperty({ description: 'UTC, millisecond precision (the exact text that is hashed).' })
  occurredAt: string;

  @ApiProperty({ type: AuditActorDto })
  actor: AuditActorDto;

  @ApiProperty({ description: 'A value of the AuditAction enum, e.g. `report.content_decrypted`.' })
  action: string;

  @ApiProperty({ type: String, nullable: true })
  targetType: string | null;

  @ApiProperty({ type: String, nullable: true })
  targetId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Ids, counts and fixed-choice values in the action's fixed shape; never content.",
  })
  details: Record<string, unknown>;

  @ApiProperty({ description: 'Hex hash of the previous entry (64 zeros for seq 1).' })
  prevHash: string;

  @ApiProperty({ description: 'Hex BLAKE2b-256(prevHash ‖ canonical entry).' })
  hash: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  entries: AuditEntryDto[];

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The `after` of the next page; null at the end.',
  })
  nextAfter: number | null;
}

export class AuditCheckpointDto {
  @ApiProperty()
  seq: number;

  @ApiProperty({ description: 'Hex chain hash at seq.' })
  hash: string;

  @ApiProperty()
  signedAt: string;

  @ApiProperty({ description: 'base64url BLAKE2b-128 of the Ed25519 public key that signed it.' })
  keyId: string;
}

export class AuditVerificationDto {
  @ApiProperty()
  ok: boolean;

  @ApiProperty({ description: 'Sealed entries checked.' })
  entries: number;

  @ApiProperty({ description: 'Entries committed but not yet sealed (not covered).' })
  unsealed: number;

  @ApiProperty({ description: 'Signed checkpoints checked.' })
  checkpoints: number;

  @ApiProperty({ type: AuditCheckpointDto, nullable: true })
  lastCheckpoint: AuditCheckpointDto | null;

  @ApiPropertyOptional({ description: 'The first sequence number found modified, missing or out of place.' })
  firstBadSeq?: number;

  @ApiPropertyOptional({
    enum: [
      'hash_mismatch',
      'prev_hash_mismatch',
      'missing_entry',
      'checkpoint_mismatch',
      'checkpoint_signature',
      'checkpoint_beyond_head',
    ],
  })
  problem?: string;
}
