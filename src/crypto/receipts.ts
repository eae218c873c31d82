import { CryptoError } from './errors';
import { concatBytes, lengthPrefixed, requireKey, toBase64Url, utf8Encode, wipe } from './encoding';
import { argon2idSubkeys, DEFAULT_RECEIPT_KDF, KDF_SALT_BYTES, type PasswordKdfParams } from './kdf';
import { sodium } from './sodium';
import { stripInvisible, toAsciiDigits } from './text';

/*
 * Receipts: 16 decimal digits (10^16 ≈ 2^53.15), read and typed like a phone number
 * ("4821 0937 5512 8064"). Digits, because a person under stress reads them over a phone,
 * writes them on paper, types them on any keyboard.
 *
 * ONE Argon2id derivation of the 16 digits (salt = the per-install public receipt salt) is split
 * with crypto_kdf_derive_from_key (context "CorrRcpt") into:
 *   subkey 1 = slotKey     — opens the reporter's key slot; never leaves the reporter's side
 *                            when the browser does the work;
 *   subkey 2 = lookupValue — sent to the server, which stores only
 *                            receiptLookupId = BLAKE2b-256(key = pepper, lp(domain) ‖ lookupValue).
 * The two subkeys are independent PRF outputs: the server (or a thief) holding lookup values
 * cannot compute a slot key without the receipt itself.
 *
 * The salt is per install and public (part of the form definition the browser fetches), not a
 * fixed constant: a constant would let one precomputed table serve every Corridor install;
 * per-install salts multiply the work by the number of installs and keep receipts unlinkable
 * across installs. It must be deterministic (the same receipt must find the same case).
 *
 * KNOWN LIMITATION (SECURITY.md): because every receipt of an install shares that salt, one
 * Argon2id evaluation of a guess is tested against ALL N reporters at once — against the
 * reporter slots (a database thief, no pepper needed), against the lookup ids (with the pepper)
 * or against lookup values recorded in transit. Finding one receipt costs ≈ 10^16 / N
 * evaluations: ≈ 3 GPU-years at N = 10^4, ≈ 4 GPU-months at N = 10^5. Keep N small: delete the
 * reporter slot (and lookup id) when a case closes.
 */
export const RECEIPT_DIGITS = 16;
export const RECEIPT_SALT_BYTES = KDF_SALT_BYTES;
export const RECEIPT_PEPPER_BYTES = 32;
const RECEIPT_CONTEXT = 'CorrRcpt';
const SLOT_KEY_SUBKEY = 1;
const LOOKUP_VALUE_SUBKEY = 2;

export interface ReceiptKeys {
  /** Secret: opens the reporter slot. Wipe after use. */
  slotKey: Uint8Array;
  /** Semi-secret: what a browser sends instead of the receipt; the server peppers it. */
  lookupValue: Uint8Array;
}

/** Formats 16 digits in groups of four: "4821 0937 5512 8064". */
export function formatReceipt(digits: string): string {
  const normal = normaliseReceipt(digits);
  if (normal === null) throw new CryptoError('INVALID_INPUT', 'not a receipt');
  return normal.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * A new receipt from the CSPRNG: randombytes_uniform(10) per digit, which rejects biased
 * values internally, so every digit is uniform (no modulo bias). Returned grouped for reading.
 */
export function generateReceipt(): string {
  const s = sodium();
  let digits = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) digits += String(s.randombytes_uniform(10));
  return formatReceipt(digits);
}

// Separators people type: spaces of all kinds, ASCII, Unicode and full-width hyphens/dashes,
// ASCII and full-width dots.
const SEPARATORS_RE = /[\s\u00a0\u2007\u202f\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D.\uFF0E]/g;

/**
 * Canonical form (16 ASCII digits, no separators) or null when it is not a receipt. A reporter
 * on an Arabic, Persian or East Asian keyboard types other digits: Eastern Arabic (U+0660–0669),
 * Persian (U+06F0–06F9) and full-width (U+FF10–FF19) digits are mapped to ASCII, and invisible
 * bidi/zero-width marks are dropped, so the same receipt always opens the same case.
 */
export function normaliseReceipt(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const compact = toAsciiDigits(stripInvisible(input)).replace(SEPARATORS_RE, '');
  return /^[0-9]{16}$/.test(compact) ? compact : null;
}

/**
 * The receipt KDF (slow: ~45 ms with the defaults; run it in the CryptoPool on the server).
 * Throws INVALID_INPUT for something that is not a receipt. Both returned keys are the caller's.
 */
export function deriveReceiptKeys(
  receipt: string,
  receiptSalt: Uint8Array,
  params: PasswordKdfParams = DEFAULT_RECEIPT_KDF,
): ReceiptKeys {
  const normal = normaliseReceipt(receipt);
  if (normal === null) throw new CryptoError('INVALID_INPUT', 'not a receipt');
  requireKey(receiptSalt, RECEIPT_SALT_BYTES, 'receipt salt');
  const input = utf8Encode(normal);
  try {
    const [slotKey, lookupValue] = argon2idSubkeys(input, receiptSalt, params, RECEIPT_CONTEXT, [
      SLOT_KEY_SUBKEY,
      LOOKUP_VALUE_SUBKEY,
    ]);
    return { slotKey, lookupValue };
  } finally {
    wipe(input);
  }
}

/**
 * SERVER side: the stored lookup id of a receipt, a keyed BLAKE2b-256 of the lookup value under
 * the per-install pepper (kept outside the database). Without the pepper, lookup ids alone do not
 * let a database thief test receipt guesses — but the reporter slots in the same database DO
 * (see the known limitation in SECURITY.md): the pepper protects the lookup ids, not the
 * receipts. Returns base64url (43 chars). Ownership: both borrowed.
 */
export function receiptLookupId(lookupValue: Uint8Array, pepper: Uint8Array): string {
  requireKey(lookupValue, 32, 'lookup value');
  requireKey(pepper, RECEIPT_PEPPER_BYTES, 'receipt pepper');
  const message = concatBytes(lengthPrefixed(['corridor/receipt-lookup']), lookupValue);
  try {
    return toBase64Url(sodium().crypto_generichash(32, message, pepper));
  } finally {
    wipe(message);
  }
}
