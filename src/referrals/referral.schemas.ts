import { z } from 'zod';
import { isReferralField, MAX_REFERRAL_FIELDS } from './referral-fields';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim() !== '' && !LONE_SURROGATE.test(s), 'non-blank, well-formed text');

/** How the person gave their consent. */
export const CONSENT_METHODS = ['in_person', 'phone_call', 'written_message', 'signed_form'] as const;

export const REFERRAL_ACK_DEFAULT_DAYS = 7;
export const REFERRAL_ACK_MAX_DAYS = 90;

const todayUtc = () => new Date().toISOString().slice(0, 10);

export const consentSchema = z.strictObject({
  /** Who consented (the person, or who may speak for them), as the caseworker writes it. */
  who: text(200),
  how: z.enum(CONSENT_METHODS),
  /** The day consent was given (`YYYY-MM-DD`), not after today (UTC). */
  when: z.iso.date().refine((d) => d <= todayUtc(), 'not in the future'),
});
export type Consent = z.output<typeof consentSchema>;

export const referralBodySchema = z.strictObject({
  partnerId: z.string().max(64),
  /** The fields the person consented to share (docs/referrals.md lists them), each once. */
  fields: z
    .array(z.string().max(80).refine(isReferralField, 'a shareable field'))
    .min(1)
    .max(MAX_REFERRAL_FIELDS)
    .refine((f) => new Set(f).size === f.length, 'unique'),
  /** Optional in the schema so that its absence has its own error code (REFERRAL_CONSENT_REQUIRED). */
  consent: consentSchema.optional(),
  acknowledgeWithinDays: z
    .number()
    .int()
    .min(1)
    .max(REFERRAL_ACK_MAX_DAYS)
    .default(REFERRAL_ACK_DEFAULT_DAYS),
});
export type ReferralBody = z.output<typeof referralBodySchema>;

export const acknowledgementBodySchema = z.strictObject({
  /** How the partner acknowledged (who, by which channel): sealed to the case key. */
  note: text(2_000).optional(),
});
export type AcknowledgementBody = z.output<typeof acknowledgementBodySchema>;

export const referralPackageSchema = z.object({
  format: z.literal('corridor-referral-package/1'),
  referralId: z.uuid(),
  envelope: z.string(),
});

export const referralCreatedSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  partnerId: z.uuid(),
  /** The partner's key id the package is sealed to (GET /partners: `publicKeyId`). */
  partnerKeyId: z.uuid(),
  fields: z.array(z.string()),
  acknowledgeBy: z.string(),
  package: referralPackageSchema,
});
export type ReferralCreated = z.output<typeof referralCreatedSchema>;

export const referralViewSchema = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  /** Which of the partner's keys opens the package (the partner's key id when it was made). */
  partnerKeyId: z.uuid(),
  createdBy: z.uuid().nullable(),
  createdMonth: z.string(),
  /** The exact time, from the sealed record (null where it did not open). */
  createdAt: z.string().nullable(),
  acknowledgeBy: z.string(),
  /** Past its deadline without an acknowledgement. */
  overdue: z.boolean(),
  /** Decrypted: the consent and the fields shared (null where the record did not open). */
  consent: consentSchema.nullable(),
  fields: z.array(z.string()).nullable(),
  acknowledgement: z
    .object({
      month: z.string(),
      by: z.uuid().nullable(),
      at: z.string().nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  package: referralPackageSchema,
  unreadable: z.array(z.enum(['record', 'acknowledgement'])),
});
export type ReferralView = z.output<typeof referralViewSchema>;

export const referralListSchema = z.object({ referrals: z.array(referralViewSchema) });

export const acknowledgedSchema = z.object({ id: z.uuid(), acknowledgedMonth: z.string() });
