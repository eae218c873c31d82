import { defineErrors } from '../common/errors';

/**
 * The referrals' own failures; each leaves everything as it was. A case the caller cannot read, or a
 * referral that is not one of the case's, is the common 404 NOT_FOUND, like a missing one.
 */
export enum ReferralsErrorCode {
  /** The body does not match the route's schema (the fields are named, never their values). */
  REFERRAL_INVALID = 'REFERRAL_INVALID',
  /** No consent was recorded: who consented, how and when. Nothing is shared without it. */
  REFERRAL_CONSENT_REQUIRED = 'REFERRAL_CONSENT_REQUIRED',
  /** The partner named is not registered (or the id is malformed). */
  REFERRAL_PARTNER_UNKNOWN = 'REFERRAL_PARTNER_UNKNOWN',
  /** The partner is retired: it receives no new referral (its earlier ones stay readable). */
  REFERRAL_PARTNER_RETIRED = 'REFERRAL_PARTNER_RETIRED',
  /** The referral's acknowledgement is recorded already. */
  REFERRAL_ALREADY_ACKNOWLEDGED = 'REFERRAL_ALREADY_ACKNOWLEDGED',
}

export const referralsError = defineErrors<ReferralsErrorCode>({
  REFERRAL_INVALID: { status: 400, message: 'The request is not valid.' },
  REFERRAL_CONSENT_REQUIRED: {
    status: 422,
    message: 'A referral needs the recorded consent of the person: who, how and when.',
  },
  REFERRAL_PARTNER_UNKNOWN: { status: 422, message: 'No partner organisation with that id is registered.' },
  REFERRAL_PARTNER_RETIRED: {
    status: 409,
    message: 'The partner organisation is retired: it receives no new referral.',
  },
  REFERRAL_ALREADY_ACKNOWLEDGED: {
    status: 409,
    message: 'The acknowledgement of this referral is recorded already.',
  },
});
