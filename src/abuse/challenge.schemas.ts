import { z } from 'zod';
import { FORM_SLUG } from '../common/patterns';

export const formSlugParamsSchema = z.strictObject({
  slug: z.string().regex(FORM_SLUG).meta({ example: 'report' }),
});
export type FormSlugParams = z.output<typeof formSlugParamsSchema>;

export const challengeSchema = z.object({
  challenge: z
    .string()
    .meta({ description: '16 random bytes, base64url; good for one submission to this form.' }),
  difficultyBits: z
    .number()
    .int()
    .meta({ description: 'SHA-256(challenge ‖ nonce) must start with this many zero bits.', example: 18 }),
  algorithm: z.literal('sha256'),
  expiresAt: z
    .string()
    .meta({ format: 'date-time', description: 'After this instant the challenge is no longer accepted.' }),
});
export type Challenge = z.output<typeof challengeSchema>;
