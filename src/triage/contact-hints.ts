import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { AppConfig } from '../config';
import { BlindIndexKind, blindIndex } from '../crypto/blind-index';
import type { FormDefinition } from '../forms/form-definition';
import type { AnswerValue } from '../reports/report.entity';
import type { ContactHint } from '../reports/report-contact-hints';

const KIND_IDS: Record<BlindIndexKind, ContactHint['kind']> = { phone: 1, handle: 2, email: 3 };

export interface HintSettings {
  blindIndexKey: Uint8Array;
  bits: number;
  /** Country a number written without its country code is read in (ISO 3166-1 alpha-2). */
  phoneCountry: string;
}

/** The settings intake and triage share, so that both modes give the same buckets. */
export function hintSettings(config: AppConfig): HintSettings {
  return {
    blindIndexKey: config.secrets.blindIndexKey,
    bits: config.triage.hintBits,
    phoneCountry: config.triage.phoneCountry,
  };
}

/**
 * A phone number in E.164 for the blind index, or null. libphonenumber-js reads national formats
 * in the hotline's country ("8 (928) 123-45-67" and "+7 928 123 45 67" are the same number);
 * the blind index then applies its own strict normalisation to the E.164 form.
 */
export function phoneForIndex(input: string, country: string): string | null {
  if (input.length > 64) return null;
  const parsed = parsePhoneNumberFromString(input, {
    defaultCountry: country as CountryCode,
    extract: false,
  });
  return parsed?.isPossible() ? parsed.number : null;
}

/**
 * The duplicate hints of a report's answers: one truncated blind index per contact answer (fields
 * of type phone, handle and email). Values that do not normalise give no hint. Duplicates are
 * dropped (two fields with the same number give one hint).
 */
export function contactHints(
  definition: FormDefinition,
  answers: ReadonlyMap<string, AnswerValue> | Record<string, AnswerValue>,
  settings: HintSettings,
): ContactHint[] {
  const get = (key: string) =>
    answers instanceof Map ? answers.get(key) : (answers as Record<string, AnswerValue>)[key];
  const seen = new Set<string>();
  const out: ContactHint[] = [];
  for (const field of definition.fields) {
    if (field.type !== 'phone' && field.type !== 'email' && field.type !== 'handle') continue;
    const value = get(field.key);
    if (typeof value !== 'string') continue;
    const normalInput = field.type === 'phone' ? phoneForIndex(value, settings.phoneCountry) : value;
    if (normalInput === null) continue;
    const bucket = blindIndex(settings.blindIndexKey, field.type, normalInput, settings.bits);
    if (bucket === null) continue;
    const hint: ContactHint = { kind: KIND_IDS[field.type], bucket };
    const id = `${hint.kind}:${hint.bucket}`;
    if (!seen.has(id)) out.push(hint);
    seen.add(id);
  }
  return out;
}
