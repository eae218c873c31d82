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

const partnerFields = {
  name: text(PARTNER_NAME_MAX),
  /** The partner's X25519 public key, 32 bytes, base64url without padding (43 characters). */
  publicKey: z.string().max(64),
  /** How to reach the partner (people, phone numbers, addresses): sealed to the coordination team key. */
  contact: text(PARTNER_CONTACT_MAX),
};

export const partnerBodySchema = z.strictObject(partnerFields);
export type PartnerBody = z.output<typeof partnerBodySchema>;

/**
 * `PATCH /partners/:id`: any of the three, at least one. A new public key gets a new key id (the
 * partner's new private key opens the packages made from then on; earlier ones keep theirs); a new
 * contact is sealed to the coordination team's current key.
 */
export const partnerUpdateSchema = z
  .strictObject({
    name: partnerFields.name.optional(),
    publicKey: partnerFields.publicKey.optional(),
    contact: partnerFields.contact.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change', path: ['body'] });
export type PartnerUpdate = z.output<typeof partnerUpdateSchema>;

/** `POST /partners/:id/retirement`: nothing to say (an empty object, so that a typo is refused). */
export const partnerRetirementSchema = z.strictObject({});
export type PartnerRetirement = z.output<typeof partnerRetirementSchema>;

export const partnerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** base64url, 32 bytes. */
  publicKey: z.string(),
  /** Changes with every new public key: which of the partner's private keys opens a package made now. */
  publicKeyId: z.uuid(),
  createdMonth: z.string(),
  /** The month the partner was retired (it receives no new referral); null while active. */
  retiredMonth: z.string().nullable(),
});
export type PartnerView = z.output<typeof partnerSchema>;

export const partnerListSchema = z.object({ partners: z.array(partnerSchema) });

export const partnerDetailSchema = partnerSchema.extend({
  /** Decrypted through the caller's chain to the team key it was sealed to; null if it does not open. */
  contact: z.string().nullable(),
  unreadable: z.array(z.literal('contact')),
});
export type PartnerDetail = z.output<typeof partnerDetailSchema>;
