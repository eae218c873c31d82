import { FORM_SLUG, FORM_SLUG_PATTERN } from '../../common/patterns';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, Matches } from 'class-validator';
import type { FormDefinition } from '../form-definition';
import type { FormStatus } from '../form.entity';

const DEFINITION_DOC = {
  type: 'object',
  additionalProperties: true,
  description:
    'Form definition: {title, description?, languages (must include en and ru), fields: [{key, type ' +
    '(text|long_text|single_choice|multiple_choice|month|boolean|phone|email|handle), label, help?, required, ' +
    'classification (sensitive|statistical; only choice, month and boolean fields may be statistical), ' +
    'statistic? (incident_month|region|category), choices?: [{value, label}], urgentAnswers?, urgencyWeight? (1–100, default 100)}]}. Labels are ' +
    'objects keyed by language.',
} as const;

export class CreateFormDto {
  @ApiProperty({ example: 'report', pattern: FORM_SLUG_PATTERN })
  @Matches(FORM_SLUG)
  slug: string;

  @ApiPropertyOptional({ enum: ['open', 'closed'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: FormStatus;

  @ApiProperty(DEFINITION_DOC)
  @IsObject()
  definition: Record<string, unknown>;
}

export class PublishFormVersionDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'], description: 'Unchanged when absent.' })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: FormStatus;

  @ApiProperty(DEFINITION_DOC)
  @IsObject()
  definition: Record<string, unknown>;
}

export class FormSummaryDto {
  @ApiProperty() slug: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: FormStatus;
  @ApiProperty() currentVersion: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) title: Record<string, string>;
  @ApiProperty() updatedAt: Date;
}

export class FormVersionInfoDto {
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
}

export class FormDetailDto extends FormSummaryDto {
  @ApiProperty(DEFINITION_DOC) definition: FormDefinition;
  @ApiProperty({ type: [FormVersionInfoDto] }) versions: FormVersionInfoDto[];
}
