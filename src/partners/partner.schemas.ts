import { z } from 'zod';

/** Text a person wrote: well-formed UTF-16 (a lone surrogate cannot be encoded), bounded. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim() !== '' && !LONE_SURROGATE.test(s), 'non-blank, well-formed text');

export const PARTNER_NAME_MAX = 200;
export const PARTNER_CONTACT_MAX = 4_000;

export const partnerBodySchema = z.strictObject({
  name: text(PARTNER_NAME_MAX),
  /** The partner's X25519 public key, 32 bytes, base64url without padding (43 characters). */
  publicKey: z.string().max(64),
  /** How to reach the partner (people, phone numbers, addresses): sealed to the coordination team key. */
  contact: text(PARTNER_CONTACT_MAX),
});
export type PartnerBody = z.output<typeof partnerBodySchema>;

export const partnerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** base64url, 32 bytes. */
  publicKey: z.string(),
  createdMonth: z.string(),
});
export type PartnerView = z.output<typeof partnerSchema>;

export const partnerListSchema = z.object({ partners: z.array(partnerSchema) });

export const partnerDetailSchema = partnerSchema.extend({
  /** Decrypted through the caller's chain to the team key it was sealed to; null if it does not open. */
  contact: z.string().nullable(),
  unreadable: z.array(z.literal('contact')),
});
export type PartnerDetail = z.output<typeof partnerDetailSchema>;
