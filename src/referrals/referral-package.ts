import { UUID } from '../common/patterns';
import { fromBase64Url, KeyPair, openFromCaseAsString, sealToCase, toBase64Url } from '../crypto';
import { referralPackageLocation } from './referral-locations';

/*
 * The referral package (SECURITY.md, "Referrals to partner organisations"): what a coordinator
 * hands to the partner, a JSON document holding one envelope v1 sealed to the partner's public key.
 * Only the partner's private key opens it; the server keeps a copy it cannot read.
 */
export const PACKAGE_FORMAT = 'corridor-referral-package/1';
export const CONTENT_FORMAT = 'corridor-referral/1';

/** The transport document (what `POST /cases/:id/referrals` answers and `referrals:open` reads). */
export interface ReferralPackage {
  format: typeof PACKAGE_FORMAT;
  referralId: string;
  /** base64url (no padding) of the envelope. */
  envelope: string;
}

/** The plaintext of the envelope: the consented fields and nothing else besides these three. */
export interface ReferralContent {
  format: typeof CONTENT_FORMAT;
  referralId: string;
  /** The day (UTC, `YYYY-MM-DD`) by which the partner is asked to acknowledge. */
  acknowledgeBy: string;
  fields: Record<string, unknown>;
}

export function sealReferralPackage(
  partnerPublicKey: Uint8Array,
  content: Omit<ReferralContent, 'format'>,
): { envelope: Uint8Array; document: ReferralPackage } {
  const plaintext: ReferralContent = { format: CONTENT_FORMAT, ...content };
  const envelope = sealToCase(
    partnerPublicKey,
    JSON.stringify(plaintext),
    referralPackageLocation(content.referralId),
  );
  return { envelope, document: packageDocument(content.referralId, envelope) };
}

export function packageDocument(referralId: string, envelope: Uint8Array): ReferralPackage {
  return { format: PACKAGE_FORMAT, referralId, envelope: toBase64Url(envelope) };
}

/** Why a package does not open, for the partner's command line (no secret in it). */
export class ReferralPackageError extends Error {}

/**
 * The partner's side: parses the transport document and opens it with the partner's key pair.
 * Throws ReferralPackageError for a document that is not a package, CryptoError DECRYPT_FAILED for
 * one sealed to another key, tampered with, or moved to another referral id.
 */
export function openReferralPackage(text: string, partner: KeyPair): ReferralContent {
  let document: Partial<ReferralPackage>;
  try {
    document = JSON.parse(text) as Partial<ReferralPackage>;
  } catch {
    throw new ReferralPackageError('the package is not JSON');
  }
  if (
    !document ||
    document.format !== PACKAGE_FORMAT ||
    typeof document.referralId !== 'string' ||
    !UUID.test(document.referralId) ||
    typeof document.envelope !== 'string'
  )
    throw new ReferralPackageError(`the file is not a ${PACKAGE_FORMAT} document`);
  const plaintext = openFromCaseAsString(
    partner,
    fromBase64Url(document.envelope),
    referralPackageLocation(document.referralId),
  );
  const content = JSON.parse(plaintext) as ReferralContent;
  if (content.format !== CONTENT_FORMAT || content.referralId !== document.referralId)
    throw new ReferralPackageError('the package content is not a referral of this id');
  return content;
}
