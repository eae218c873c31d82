import { FORM_SLUG, FORM_SLUG_PATTERN } from '../../common/patterns';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class FormSlugParams {
  @ApiProperty({ example: 'report', pattern: FORM_SLUG_PATTERN })
  @Matches(FORM_SLUG)
  slug: string;
}

export class ChallengeDto {
  @ApiProperty({ description: '16 random bytes, base64url; good for one submission to this form.' })
  challenge: string;

  @ApiProperty({
    description: 'SHA-256(challenge ‖ nonce) must start with this many zero bits.',
    example: 18,
  })
  difficultyBits: number;

  @ApiProperty({ enum: ['sha256'] })
  algorithm: 'sha256';

  @ApiProperty({ description: 'After this instant the challenge is no longer accepted.' })
  expiresAt: string;
}
