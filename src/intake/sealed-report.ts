import {
  isCryptoError,
  KEY_SLOT_BYTES,
  MIN_ENVELOPE_BYTES,
  MIN_PADDED_BYTES,
  paddedLength,
  parseEnvelope,
  REPORTER_SLOT_BYTES,
} from '../crypto';
import { ANSWER_MAX_BYTES, FormField } from '../forms/form-definition';
import type { SealedBody } from './intake-body';
import { IntakeErrorCode, intakeError } from './intake.errors';
import type { Recipient, Recipients } from '../teams/recipients';
import type { NewAnswerItem } from '../reports/reports.service';

const ENVELOPE_OVERHEAD_BYTES = MIN_ENVELOPE_BYTES - MIN_PADDED_BYTES;
const SLOT_VERSION = 1;

export interface CheckedSealedReport {
  casePublicKey: Uint8Array;
  answers: NewAnswerItem[];
  slots: { recipient: Recipient; sealedKey: Uint8Array }[];
  reporterSlot: Uint8Array;
  receiptLookupValue: Uint8Array;
}

/**
 * Strict base64url (no padding, canonical) to bytes with Node's native decoder: every sealed report
 * carries a dozen encoded parts, and libsodium's WebAssembly decoder (`fromBase64Url`, which the
 * browser-safe crypto module must use) cost ~4 % of the API's CPU here. Buffer's decoder skips
 * characters it does not know, so the alphabet is checked first, and re-encoding must give the same
 * text back (no ignored trailing bits).
 */
function decode(text: string, length?: number): Uint8Array | null {
  if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return null;
  return length === undefined || bytes.length === length ? new Uint8Array(bytes) : null;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function badEnvelope(part: string, fields?: string[]) {
  return intakeError(IntakeErrorCode.INTAKE_BAD_ENVELOPE, { part, ...(fields ? { fields } : {}) });
}

/** The largest envelope an answer to `field` can need: its size limit's padding bucket plus overhead. */
function maxEnvelopeBytes(field: FormField): number {
  return ENVELOPE_OVERHEAD_BYTES + paddedLength(ANSWER_MAX_BYTES[field.type]);
}

/**
 * Structure checks of a client-encrypted report (the server cannot open any of it): envelope
 * format and size per field, key lengths and versions, and key slots naming exactly the current
 * recipients (or, in the rollover window, exactly the legacy ones) — a report that a triager could not open, or that is sealed to a key nobody here
 * holds, is refused so the browser fetches the form again.
 */
export function checkSealedReport(
  sealed: SealedBody['sealed'],
  sensitiveFields: FormField[],
  recipients: Recipients,
): CheckedSealedReport {
  const answers: NewAnswerItem[] = [];
  const tooLarge: string[] = [];
  const malformed: string[] = [];
  for (const field of sensitiveFields) {
    const envelope = decode(sealed.answers[field.key]);
    if (!envelope || !isEnvelope(envelope)) malformed.push(field.key);
    else if (envelope.length > maxEnvelopeBytes(field)) tooLarge.push(field.key);
    else answers.push({ key: field.key, envelope });
  }
  if (malformed.length) throw badEnvelope('answers', malformed);
  if (tooLarge.length) throw intakeError(IntakeErrorCode.INTAKE_TOO_LARGE, { fields: tooLarge });

  const casePublicKey = decode(sealed.casePublicKey, 32);
  if (!casePublicKey) throw badEnvelope('casePublicKey');
  const reporterSlot = decode(sealed.reporterSlot, REPORTER_SLOT_BYTES);
  if (!reporterSlot || reporterSlot[0] !== SLOT_VERSION) throw badEnvelope('reporterSlot');
  const receiptLookupValue = decode(sealed.receiptLookupValue, 32);
  if (!receiptLookupValue) throw badEnvelope('receiptLookupValue');

  let slots = matchSlots(sealed.slots, recipients.current);
  // Rollover window: a form fetched before the team key existed seals to every triager instead.
  if ('mismatch' in slots && recipients.legacy) {
    const legacy = matchSlots(sealed.slots, recipients.legacy);
    if (!('mismatch' in legacy)) slots = legacy;
  }
  if ('mismatch' in slots) throw intakeError(IntakeErrorCode.INTAKE_UNKNOWN_RECIPIENT, slots.mismatch);
  return { casePublicKey, answers, slots: slots.matched, reporterSlot, receiptLookupValue };
}

/** The slots, each with its recipient, when they name exactly `recipients`, once each. */
function matchSlots(
  sent: SealedBody['sealed']['slots'],
  recipients: readonly Recipient[],
): { matched: CheckedSealedReport['slots'] } | { mismatch: { unknown: number; missing: number } } {
  const byKeyId = new Map(recipients.map((r) => [r.keyId, r]));
  const seen = new Set<string>();
  const matched: CheckedSealedReport['slots'] = [];
  let unknown = 0;
  for (const slot of sent) {
    const recipient = byKeyId.get(slot.keyId);
    if (!recipient || seen.has(slot.keyId)) {
      unknown++;
      continue;
    }
    seen.add(slot.keyId);
    const sealedKey = decode(slot.sealedKey, KEY_SLOT_BYTES);
    if (!sealedKey || sealedKey[0] !== SLOT_VERSION) throw badEnvelope('slots');
    matched.push({ recipient, sealedKey });
  }
  const missing = recipients.length - seen.size;
  return unknown || missing ? { mismatch: { unknown, missing } } : { matched };
}

function isEnvelope(bytes: Uint8Array): boolean {
  try {
    parseEnvelope(bytes);
    return true;
  } catch (error) {
    if (isCryptoError(error)) return false;
    throw error;
  }
}
