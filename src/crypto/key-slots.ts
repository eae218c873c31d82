import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES } from './aead';
import { transientAssociatedData } from './associated-data';
import {
  boxKeyPairFromPrivateKey,
  boxSeal,
  boxSealDeterministic,
  boxSealOpen,
  BOX_PRIVATE_KEY_BYTES,
  BOX_PUBLIC_KEY_BYTES,
  generateBoxKeyPair,
  requireBoxKeyPair,
  SEAL_OVERHEAD_BYTES,
} from './box';
import { CryptoError } from './errors';
import { concatBytes, equalBytes, isBytes, lengthPrefixed, requireKey, wipe } from './encoding';
import { aeadDecryptInto, aeadEncryptInto, newOutput, randomInto } from './in-place';
import { sodium } from './sodium';
import type { KeyPair } from './types';

/*
 * Key slots give a reader the case private key. Access to a case IS a slot: no slot, no read.
 *
 * Recipient slot v1 (user, triage team key, recovery key) — 113 bytes:
 *   0   1    version = 0x01
 *   1   112  crypto_box_seal(binding[32] ‖ casePrivateKey[32], recipientPublicKey)
 *   binding = BLAKE2b-256(lp("corridor/key-slot") ‖ lp(caseId))
 *
 * Reporter slot v1 (secret key from the receipt KDF) — 73 bytes:
 *   0   1    version = 0x01
 *   1   24   nonce
 *   25  48   XChaCha20-Poly1305(casePrivateKey[32]) ‖ tag,
 *            AD = 0x01 ‖ lp("corridor/reporter-slot") ‖ lp(caseId)
 *
 * The case id is bound into both (inside the sealed plaintext, or as AD), so a slot copied to
 * another case fails to open instead of silently handing over a key for the wrong case.
 */
export const KEY_SLOT_VERSION = 1;
export const KEY_SLOT_BYTES = 1 + 32 + BOX_PRIVATE_KEY_BYTES + SEAL_OVERHEAD_BYTES; // 113
export const REPORTER_SLOT_VERSION = 1;
export const REPORTER_SLOT_BYTES = 1 + AEAD_NONCE_BYTES + BOX_PRIVATE_KEY_BYTES + AEAD_TAG_BYTES; // 73
export const SLOT_KEY_BYTES = 32;

/** A new case (or triage team) key pair. The caller owns privateKey: seal it into slots, then wipe. */
export function generateCaseKeyPair(): KeyPair {
  return generateBoxKeyPair();
}

function requireCaseId(caseId: string): string {
  if (typeof caseId !== 'string' || caseId.length === 0) {
    throw new CryptoError('INVALID_INPUT', 'caseId must be a non-empty string');
  }
  return caseId;
}

function caseBinding(caseId: string): Uint8Array {
  return sodium().crypto_generichash(32, lengthPrefixed(['corridor/key-slot', requireCaseId(caseId)]), null);
}

function sealSlot(
  casePrivateKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  caseId: string,
  ephemeralSeed: Uint8Array | undefined,
): Uint8Array {
  requireKey(casePrivateKey, BOX_PRIVATE_KEY_BYTES, 'case private key');
  requireKey(recipientPublicKey, BOX_PUBLIC_KEY_BYTES, 'recipient public key');
  const message = concatBytes(caseBinding(caseId), casePrivateKey);
  try {
    const sealed = ephemeralSeed
      ? boxSealDeterministic(message, recipientPublicKey, ephemeralSeed)
      : boxSeal(message, recipientPublicKey);
    return concatBytes(new Uint8Array([KEY_SLOT_VERSION]), sealed);
  } finally {
    wipe(message);
  }
}

/**
 * Seals the case private key to a recipient public key (a user, the triage team key or the
 * recovery key). Ownership: casePrivateKey is borrowed (not wiped).
 */
export function sealKeySlot(
  casePrivateKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  caseId: string,
): Uint8Array {
  return sealSlot(casePrivateKey, recipientPublicKey, caseId, undefined);
}

/** INTERNAL deterministic variant for known-answer vectors (fixed ephemeral seed). */
export function sealKeySlotWith(
  casePrivateKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  caseId: string,
  ephemeralSeed: Uint8Array,
): Uint8Array {
  return sealSlot(casePrivateKey, recipientPublicKey, caseId, ephemeralSeed);
}

function checkExpected(kp: KeyPair, expectedCasePublicKey: Uint8Array | undefined): KeyPair {
  if (expectedCasePublicKey !== undefined && !equalBytes(kp.publicKey, expectedCasePublicKey)) {
    wipe(kp.privateKey);
    throw new CryptoError('DECRYPT_FAILED', 'slot holds a key for another case');
  }
  return kp;
}

/**
 * Opens a recipient slot and returns the case key pair (the caller owns its privateKey).
 * Throws DECRYPT_FAILED when the slot is not for this recipient or not for this case.
 * Pass `expectedCasePublicKey` (the case's stored public key) to also check that the slot
 * holds the key matching it — a forged slot cannot then substitute a key the forger knows.
 * PREFER openKeySlotChecked, where that check cannot be forgotten; this form stays for
 * compatibility. Ownership: `recipient` is borrowed.
 */
export function openKeySlot(
  slot: Uint8Array,
  recipient: KeyPair,
  caseId: string,
  expectedCasePublicKey?: Uint8Array,
): KeyPair {
  requireBoxKeyPair(recipient, 'recipient key pair');
  const binding = caseBinding(caseId);
  if (!isBytes(slot) || slot.length < 1) throw new CryptoError('BAD_ENVELOPE', 'empty key slot');
  if (slot[0] !== KEY_SLOT_VERSION)
    throw new CryptoError('UNSUPPORTED_VERSION', 'unsupported key slot version');
  if (slot.length !== KEY_SLOT_BYTES) throw new CryptoError('BAD_ENVELOPE', 'key slot has an invalid length');
  const message = boxSealOpen(slot.subarray(1), recipient);
  try {
    if (message.length !== 64 || !equalBytes(message.subarray(0, 32), binding)) {
      throw new CryptoError('DECRYPT_FAILED', 'key slot is bound to another case');
    }
    return checkExpected(boxKeyPairFromPrivateKey(message.subarray(32)), expectedCasePublicKey);
  } finally {
    wipe(message);
  }
}

/** The reporter slot's associated data, a view valid until the next AEAD call (associated-data.ts). */
function reporterAssociatedData(caseId: string): Uint8Array {
  return transientAssociatedData(REPORTER_SLOT_VERSION, ['corridor/reporter-slot', requireCaseId(caseId)]);
}

function sealReporter(
  casePrivateKey: Uint8Array,
  slotKey: Uint8Array,
  caseId: string,
  fixedNonce: Uint8Array | undefined,
): Uint8Array {
  requireKey(casePrivateKey, BOX_PRIVATE_KEY_BYTES, 'case private key');
  requireKey(slotKey, SLOT_KEY_BYTES, 'slot key');
  if (fixedNonce) requireKey(fixedNonce, AEAD_NONCE_BYTES, 'nonce');
  requireCaseId(caseId);
  // Built in its one output: version ‖ nonce ‖ ciphertext written into views of it (in-place.ts).
  const out = newOutput(REPORTER_SLOT_BYTES);
  out[0] = REPORTER_SLOT_VERSION;
  const nonce = out.subarray(1, 1 + AEAD_NONCE_BYTES);
  if (fixedNonce) nonce.set(fixedNonce);
  else randomInto(nonce);
  aeadEncryptInto(
    out.subarray(1 + AEAD_NONCE_BYTES),
    casePrivateKey,
    reporterAssociatedData(caseId),
    nonce,
    slotKey,
  );
  return out;
}

/**
 * Seals the case private key for the reporter under the receipt-derived `slotKey`
 * (deriveReceiptKeys().slotKey). Ownership: both keys borrowed (not wiped).
 */
export function sealReporterSlot(
  casePrivateKey: Uint8Array,
  slotKey: Uint8Array,
  caseId: string,
): Uint8Array {
  return sealReporter(casePrivateKey, slotKey, caseId, undefined);
}

/** INTERNAL deterministic variant for known-answer vectors (fixed nonce). */
export function sealReporterSlotWith(
  casePrivateKey: Uint8Array,
  slotKey: Uint8Array,
  caseId: string,
  nonce: Uint8Array,
): Uint8Array {
  return sealReporter(casePrivateKey, slotKey, caseId, nonce);
}

/**
 * Opens the reporter slot; DECRYPT_FAILED for a wrong receipt or another case.
 * PREFER openReporterSlotChecked (the expected case public key is then required); this form
 * stays for compatibility. Ownership: slotKey borrowed; the returned privateKey belongs to the caller.
 */
export function openReporterSlot(
  slot: Uint8Array,
  slotKey: Uint8Array,
  caseId: string,
  expectedCasePublicKey?: Uint8Array,
): KeyPair {
  requireKey(slotKey, SLOT_KEY_BYTES, 'slot key');
  requireCaseId(caseId);
  if (!isBytes(slot) || slot.length < 1) throw new CryptoError('BAD_ENVELOPE', 'empty reporter slot');
  if (slot[0] !== REPORTER_SLOT_VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', 'unsupported reporter slot version');
  }
  if (slot.length !== REPORTER_SLOT_BYTES) {
    throw new CryptoError('BAD_ENVELOPE', 'reporter slot has an invalid length');
  }
  // Decrypted straight into the buffer that becomes the returned private key (no copy to wipe).
  const privateKey = newOutput(BOX_PRIVATE_KEY_BYTES);
  try {
    aeadDecryptInto(
      privateKey,
      slot.subarray(1 + AEAD_NONCE_BYTES),
      reporterAssociatedData(caseId),
      slot.subarray(1, 1 + AEAD_NONCE_BYTES),
      slotKey,
    );
  } catch {
    wipe(privateKey);
    throw new CryptoError('DECRYPT_FAILED', 'authentication failed');
  }
  return checkExpected(
    { publicKey: sodium().crypto_scalarmult_base(privateKey), privateKey },
    expectedCasePublicKey,
  );
}

/**
 * openKeySlot with the case public key REQUIRED (INVALID_KEY if it is missing or not 32 bytes):
 * the slot must hold exactly the private key of the case's stored public key, so a forged slot
 * (anyone can seal to a user's, the team's or the recovery public key) cannot hand the reader —
 * or the recovery tool — a key the forger knows, into which new content would then be sealed.
 * The form every caller should use. Ownership: `recipient` borrowed; the returned privateKey
 * belongs to the caller.
 */
export function openKeySlotChecked(
  slot: Uint8Array,
  recipient: KeyPair,
  caseId: string,
  expectedCasePublicKey: Uint8Array,
): KeyPair {
  requireKey(expectedCasePublicKey, BOX_PUBLIC_KEY_BYTES, 'expected case public key');
  return openKeySlot(slot, recipient, caseId, expectedCasePublicKey);
}

/**
 * openReporterSlot with the case public key REQUIRED (INVALID_KEY if it is missing or not
 * 32 bytes). Ownership: slotKey borrowed; the returned privateKey belongs to the caller.
 */
export function openReporterSlotChecked(
  slot: Uint8Array,
  slotKey: Uint8Array,
  caseId: string,
  expectedCasePublicKey: Uint8Array,
): KeyPair {
  requireKey(expectedCasePublicKey, BOX_PUBLIC_KEY_BYTES, 'expected case public key');
  return openReporterSlot(slot, slotKey, caseId, expectedCasePublicKey);
}
