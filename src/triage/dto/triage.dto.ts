import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class AgeBucketsDto {
  @ApiProperty({ description: 'Waiting under 1 hour.' }) under_1h: number;
  @ApiProperty({ description: 'Waiting 1 to 6 hours.' }) '1h_to_6h': number;
  @ApiProperty({ description: 'Waiting 6 to 24 hours.' }) '6h_to_24h': number;
  @ApiProperty({ description: 'Waiting over 24 hours.' }) over_24h: number;
}

class WaitingDto {
  @ApiProperty({ type: AgeBucketsDto }) urgent: AgeBucketsDto;
  @ApiProperty({ type: AgeBucketsDto }) raised: AgeBucketsDto;
  @ApiProperty({ type: AgeBucketsDto }) normal: AgeBucketsDto;
}

class FailedJobsDto {
  @ApiProperty() triage: number;
  @ApiProperty() notifications: number;
}

export class TriageQueueDto {
  @ApiProperty({ type: WaitingDto, description: 'Undecided reports by priority and time waiting.' })
  waiting: WaitingDto;
  @ApiProperty({ description: 'How many of them are claimed (under a live lease) now.' }) leased: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: FailedJobsDto, description: 'Jobs that used up their attempts, per queue.' })
  failedJobs: FailedJobsDto;
}

export class TriageLeaseDto {
  @ApiProperty({ description: 'The lease ends then unless renewed (TRIAGE_LEASE_MINUTES).' }) expiresAt: Date;
}

class ThreadMessageDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['reporter', 'caseworker'] }) from: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when its envelope does not open.' })
  text: string | null;
  @ApiProperty() sentAt: Date;
}

class DuplicateHintDto {
  @ApiPropertyOptional({ format: 'uuid' }) reportId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) caseId?: string;
}

class ClaimedReportDto {
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty({ format: 'uuid' }) formId: string;
  @ApiProperty() formVersion: number;
  @ApiProperty({ enum: ['web', 'api', 'bot', 'partner', 'phone'] }) channel: string;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ enum: ['urgent', 'raised', 'normal'] }) priority: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Decrypted sensitive answers.' })
  answers: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'Answers whose envelope did not open.' }) unreadable: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) statistics: Record<string, unknown>;
  @ApiProperty({ type: [String] }) urgencyFlags: string[];
  @ApiProperty({ type: [ThreadMessageDto] }) messages: ThreadMessageDto[];
  @ApiProperty({
    type: [DuplicateHintDto],
    description:
      'Candidates sharing a contact-field bucket that the caller can read (a case instead of its reports).',
  })
  duplicateHints: DuplicateHintDto[];
}

export class TriageClaimDto {
  @ApiProperty({ type: ClaimedReportDto }) report: ClaimedReportDto;
  @ApiProperty({ type: TriageLeaseDto }) lease: TriageLeaseDto;
}

export class TriageReleasedDto {
  @ApiProperty() released: boolean;
}

export class TriageDecidedDto {
  @ApiProperty({ enum: ['open_case', 'attach_to_case', 'duplicate', 'spam', 'no_action'] }) decision: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The case opened or attached to.' }) caseId?: string;
}
