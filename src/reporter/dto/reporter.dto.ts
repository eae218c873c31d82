import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class OpenReporterSessionDto {
  @ApiProperty({ example: '4821 0937 5512 8064', description: 'The receipt given at submission.' })
  @IsString()
  @MaxLength(64)
  receipt: string;
}

export class ReporterSessionDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>` to the other reporter routes.' })
  token: string;
  @ApiProperty() expiresAt: Date;
}

export class ReporterMessageBodyDto {
  @ApiProperty({ maxLength: 16384 })
  @IsString()
  @MinLength(1)
  @MaxLength(16384)
  text: string;
}

export class ReporterMessageDto {
  @ApiProperty({ enum: ['reporter', 'caseworker'] }) from: 'reporter' | 'caseworker';
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ example: '2026-11-21', description: 'The day only.' }) sentOn: string;
}

export class ReporterReportDto {
  @ApiProperty({ enum: ['received', 'in_review', 'in_progress', 'closed'] }) status: string;
  @ApiProperty({ example: '2026-11' }) submittedMonth: string;
  @ApiProperty({ type: [ReporterMessageDto] }) messages: ReporterMessageDto[];
}

export class ReporterMessageAddedDto {
  @ApiProperty() sent: boolean;
}
