import { randomUUID } from 'node:crypto';
import {
  deriveReceiptKeys,
  fromBase64Url,
  generateCaseKeyPair,
  generateReceipt,
  sealKeySlot,
  sealReporterSlot,
  sealToCase,
  toBase64Url,
  wipe,
  type PasswordKdfParams,
  type ReceiptKeys,
} from '../../../src/crypto';
import { DEFAULT_FORM_SLUG } from '../../../src/forms/default-report-form';
import type { FormDefinition } from '../../../src/forms/form-definition';
import { FormsService } from '../../../src/forms/forms.service';
import { KeysService } from '../../../src/keys/keys.service';
import type { TestApp } from '../test-app';

/** The public definition as a browser receives it. */
export interface PublicForm {
  slug: string;
  version: number;
  definition: FormDefinition;
  recipients: { keyId: string; publicKey: string }[];
  receiptKdf: { algorithm: 'argon2id'; salt: string } & PasswordKdfParams;
  answerEnvelope: { purpose: string; table: string; column: string };
  proofOfWork: unknown;
}

export async function fetchPublicForm(t: TestApp, slug: string): Promise<PublicForm> {
  const res = await t.get<PublicForm>(`/api/v1/forms/${slug}/public`);
  if (res.status !== 200) throw new Error(`public form ${slug}: ${res.status} ${res.text}`);
  return res.body;
}

/** Submits answers in plaintext mode and returns the receipt. */
export async function submitPlaintext(
  t: TestApp,
  slug: string,
  answers: Record<string, unknown>,
): Promise<string> {
  const res = await t.post<{ receipt: string }>(`/api/v1/intake/${slug}/reports`, {
    answers,
    language: 'ru',
  });
  if (res.status !== 201) throw new Error(`plaintext submission: ${res.status} ${res.text}`);
  return res.body.receipt;
}

export interface SealedSubmission {
  body: { sealed: Record<string, unknown>; statistics: Record<string, unknown>; language: string };
  receipt: string;
  reportId: string;
}

/**
 * Builds a sealed-mode body exactly as a browser would, with src/crypto and only what the public
 * definition publishes: a case key pair, one envelope per sensitive answer, a slot per recipient,
 * the reporter slot under the receipt's slot key, and the receipt's lookup value.
 */
export function buildSealedSubmission(
  form: PublicForm,
  answers: Record<string, unknown>,
  options: { receiptKeys?: ReceiptKeys } = {},
): SealedSubmission {
  const reportId = randomUUID();
  const receipt = generateReceipt();
  const keys = generateCaseKeyPair();
  // Given keys skip the receipt KDF (fuzz tests build thousands of bodies; the server cannot tell a
  // random lookup value from a derived one). The receipt returned then does not open the report.
  const { slotKey, lookupValue } =
    options.receiptKeys ??
    deriveReceiptKeys(receipt, fromBase64Url(form.receiptKdf.salt), {
      opsLimit: form.receiptKdf.opsLimit,
      memLimitBytes: form.receiptKdf.memLimitBytes,
    });
  const sealedAnswers: Record<string, string> = {};
  const statistics: Record<string, unknown> = {};
  for (const field of form.definition.fields) {
    const value = answers[field.key];
    if (value === undefined) continue;
    if (field.classification === 'statistical') statistics[field.key] = value;
    else
      sealedAnswers[field.key] = toBase64Url(
        sealToCase(keys.publicKey, JSON.stringify(value), {
          purpose: form.answerEnvelope.purpose,
          table: form.answerEnvelope.table,
          column: form.answerEnvelope.column,
          rowId: `${reportId}:${field.key}`,
        }),
      );
  }
  const body = {
    sealed: {
      reportId,
      casePublicKey: toBase64Url(keys.publicKey),
      answers: sealedAnswers,
      slots: form.recipients.map((r) => ({
        keyId: r.keyId,
        sealedKey: toBase64Url(sealKeySlot(keys.privateKey, fromBase64Url(r.publicKey), reportId)),
      })),
      reporterSlot: toBase64Url(sealReporterSlot(keys.privateKey, slotKey, reportId)),
      receiptLookupValue: toBase64Url(lookupValue),
    },
    statistics,
    language: 'en',
  };
  wipe(keys.privateKey, slotKey);
  return { body, receipt, reportId };
}

/**
 * A report row with no content: for tests of key slots and case access, which need only a case id
 * and the public key its slots must open to.
 */
export async function insertBareReport(t: TestApp, id: string, casePublicKey: Uint8Array): Promise<void> {
  await t.app.get(FormsService).ensureDefaultForm();
  await t.dataSource.transaction(async (manager) => {
    await t.app.get(KeysService).create(manager, { id, kind: 'report', publicKey: casePublicKey });
    await manager.query(
      `INSERT INTO reports (id, form_id, form_version, channel, key_id)
       SELECT $1, id, current_version, 'web', $1 FROM forms WHERE slug = $2`,
      [id, DEFAULT_FORM_SLUG],
    );
  });
}
