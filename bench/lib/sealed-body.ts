import { randomBytes, randomUUID } from 'node:crypto';
import {
  fromBase64Url,
  generateCaseKeyPair,
  generateReceipt,
  sealKeySlot,
  sealReporterSlot,
  sealToCase,
  toBase64Url,
} from '../../src/crypto';
import { defaultFormAnswers } from '../../test/support/factories/forms.factory';
import type { PublicForm } from '../../test/support/factories/reports.factory';

/**
 * One sealed body of the default form as a browser builds it (case key, one envelope per sensitive
 * answer, a slot per recipient, the reporter slot). The browser's receipt KDF is replaced by random
 * slot keys and lookup values: the server cannot tell the difference (bench:intake, bench:triage).
 */
export function sealedBody(form: PublicForm): string {
  const reportId = randomUUID();
  const keys = generateCaseKeyPair();
  const answers = defaultFormAnswers(generateReceipt());
  const sealed: Record<string, string> = {};
  const statistics: Record<string, unknown> = {};
  for (const field of form.definition.fields) {
    const value = answers[field.key];
    if (field.classification === 'statistical') statistics[field.key] = value;
    else
      sealed[field.key] = toBase64Url(
        sealToCase(keys.publicKey, JSON.stringify(value), {
          purpose: 'report-answer',
          table: 'report_items',
          column: 'envelope',
          rowId: `${reportId}:${field.key}`,
        }),
      );
  }
  return JSON.stringify({
    sealed: {
      reportId,
      casePublicKey: toBase64Url(keys.publicKey),
      answers: sealed,
      slots: form.recipients.map((r) => ({
        keyId: r.keyId,
        sealedKey: toBase64Url(sealKeySlot(keys.privateKey, fromBase64Url(r.publicKey), reportId)),
      })),
      reporterSlot: toBase64Url(sealReporterSlot(keys.privateKey, randomBytes(32), reportId)),
      receiptLookupValue: toBase64Url(randomBytes(32)),
    },
    statistics,
    language: 'en',
  });
}
