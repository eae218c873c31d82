import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class FormSlugParams {
  @ApiProperty({ example: 'report', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
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
