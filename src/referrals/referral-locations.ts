import type { ContentLocation } from '../crypto';

/*
 * Where each sealed part of a referral lives, as bound into its envelope's associated data
 * (SECURITY.md, "Referrals to partner organisations"); row = the referral id.
 */

/** The package, sealed to the partner's public key. */
export function referralPackageLocation(referralId: string): ContentLocation {
  return { purpose: 'referral-package', table: 'referrals', column: 'package', rowId: referralId };
}

/** The consent and the list of fields shared, sealed to the case key. */
export function referralRecordLocation(referralId: string): ContentLocation {
  return { purpose: 'referral-record', table: 'referrals', column: 'record', rowId: referralId };
}

/** The acknowledgement (exact time, note), sealed to the case key. */
export function referralAcknowledgementLocation(referralId: string): ContentLocation {
  return {
    purpose: 'referral-acknowledgement',
    table: 'referrals',
    column: 'acknowledgement',
    rowId: referralId,
  };
}
