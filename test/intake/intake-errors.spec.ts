import { randomUUID } from 'node:crypto';
import { generateCaseKeyPair, sealToCase, toBase64Url } from '../../src/crypto';
import { createForm, defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { buildSealedSubmission, fetchPublicForm, PublicForm } from '../support/factories/reports.factory';
import { createUser } from '../support/factories/users.factory';
import { Role } from '../../src/access/permissions';
import { UsersService } from '../../src/users/users.service';
import { startTestApp, TestApp } from '../support/test-app';
import { intakeRowCounts } from './support';

type ErrorBody = { error: { code: string; details?: Record<string, unknown> } };

describe('intake errors: each its own code, nothing stored', () => {
  let t: TestApp;
  let form: PublicForm;
  const url = '/api/v1/intake/report/reports';

  beforeAll(async () => {
    t = await startTestApp({
      env: { INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0', INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0' },
    });
    await seedDefaultForm(t);
    await createUser(t, { roles: [Role.TRIAGER], totp: false });
    form = await fetchPublicForm(t, 'report');
  });
  afterAll(() => t.close());

  async function expectRefused(path: string, body: unknown, status: number, code: string) {
    const before = await intakeRowCounts(t);
    const res = await t.post<ErrorBody>(path, body);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(await intakeRowCounts(t)).toEqual(before);
    return res.body.error;
  }

  const sealed = (
    mutate: (b: ReturnType<typeof buildSealedSubmission>['body']) => void = () => undefined,
  ) => {
    const { body } = buildSealedSubmission(form, defaultFormAnswers());
    mutate(body);
    return body;
  };

  it('unknown form: 404 INTAKE_FORM_NOT_FOUND', async () => {
    await expectRefused(
      '/api/v1/intake/no-such-form/reports',
      { answers: defaultFormAnswers() },
      404,
      'INTAKE_FORM_NOT_FOUND',
    );
  });

  it('closed form: 410 INTAKE_FORM_CLOSED', async () => {
    const slug = await createForm(t, { status: 'closed' });
    await expectRefused(
      `/api/v1/intake/${slug}/reports`,
      { answers: { story: 'x' } },
      410,
      'INTAKE_FORM_CLOSED',
    );
  });

  it('a body of neither shape: 400 INTAKE_MALFORMED', async () => {
    for (const body of [{}, { answers: [] }, [], { answers: {}, extra: 1 }, { sealed: 'x' }]) {
      await expectRefused(url, body, 400, 'INTAKE_MALFORMED');
    }
  });

  it('invalid answers: 400 INTAKE_INVALID_ANSWERS naming form fields only', async () => {
    const error = await expectRefused(
      url,
      { answers: { ...defaultFormAnswers(), region: 'mars' } },
      400,
      'INTAKE_INVALID_ANSWERS',
    );
    expect(error.details).toEqual({ fields: ['region'], unknownFields: 0 });
    const unknown = await expectRefused(
      url,
      { answers: { ...defaultFormAnswers(), 'secret-key-canary': 'x' } },
      400,
      'INTAKE_INVALID_ANSWERS',
    );
    expect(JSON.stringify(unknown)).not.toContain('canary');
    await expectRefused(
      url,
      { answers: { ...defaultFormAnswers(), detained_now: 'yes' } },
      400,
      'INTAKE_INVALID_ANSWERS',
    );
    await expectRefused(
      url,
      { answers: { ...defaultFormAnswers(), incident_month: '2026-13' } },
      400,
      'INTAKE_INVALID_ANSWERS',
    );
    await expectRefused(
      url,
      { answers: defaultFormAnswers(), language: 'xx' },
      400,
      'INTAKE_INVALID_ANSWERS',
    );
    await expectRefused(
      url,
      { answers: { ...defaultFormAnswers(), name_or_alias: 'lone \ud800 surrogate' } },
      400,
      'INTAKE_INVALID_ANSWERS',
    );
  });

  it('missing required answers: 400 INTAKE_MISSING_REQUIRED', async () => {
    const { what_happened: _drop, ...answers } = defaultFormAnswers();
    const error = await expectRefused(
      url,
      { answers: { ...answers, detained_now: null } },
      400,
      'INTAKE_MISSING_REQUIRED',
    );
    expect(error.details).toEqual({ fields: ['what_happened', 'detained_now'] });
  });

  it('an over-size answer: 413 INTAKE_TOO_LARGE', async () => {
    await expectRefused(
      url,
      { answers: { ...defaultFormAnswers(), name_or_alias: 'ж'.repeat(6000) } },
      413,
      'INTAKE_TOO_LARGE',
    );
  });

  it('sealed: statistics must not carry a sensitive field, and required sealed answers must be there', async () => {
    await expectRefused(
      url,
      sealed((b) => (b.statistics.name_or_alias = 'in the clear')),
      400,
      'INTAKE_INVALID_ANSWERS',
    );
    await expectRefused(
      url,
      sealed((b) => delete (b.sealed.answers as Record<string, string>).what_happened),
      400,
      'INTAKE_MISSING_REQUIRED',
    );
    await expectRefused(
      url,
      sealed((b) => delete b.statistics.detained_now),
      400,
      'INTAKE_MISSING_REQUIRED',
    );
  });

  it('sealed: a wrong envelope, key or slot: 400 INTAKE_BAD_ENVELOPE', async () => {
    const answers = (b: { sealed: Record<string, unknown> }) => b.sealed.answers as Record<string, string>;
    await expectRefused(
      url,
      sealed((b) => (answers(b).what_happened = 'AAAA')),
      400,
      'INTAKE_BAD_ENVELOPE',
    );
    await expectRefused(
      url,
      sealed((b) => (answers(b).what_happened = 'not base64!')),
      400,
      'INTAKE_MALFORMED',
    );
    await expectRefused(
      url,
      sealed((b) => (answers(b).what_happened = toBase64Url(new Uint8Array(377).fill(2)))),
      400,
      'INTAKE_BAD_ENVELOPE',
    );
    await expectRefused(
      url,
      sealed((b) => (b.sealed.casePublicKey = toBase64Url(new Uint8Array(31)))),
      400,
      'INTAKE_BAD_ENVELOPE',
    );
    await expectRefused(
      url,
      sealed((b) => (b.sealed.reporterSlot = toBase64Url(new Uint8Array(73)))),
      400,
      'INTAKE_BAD_ENVELOPE',
    );
    await expectRefused(
      url,
      sealed((b) => (b.sealed.receiptLookupValue = toBase64Url(new Uint8Array(16)))),
      400,
      'INTAKE_BAD_ENVELOPE',
    );
    await expectRefused(
      url,
      sealed(
        (b) => ((b.sealed.slots as { sealedKey: string }[])[0].sealedKey = toBase64Url(new Uint8Array(113))),
      ),
      400,
      'INTAKE_BAD_ENVELOPE',
    );
    // Base64url that a lenient decoder would accept: a non-canonical last character (ignored
    // trailing bits) and an impossible length.
    const key = toBase64Url(new Uint8Array(32).fill(7)); // 43 characters, the last carries 2 spare bits
    const nonCanonical = key.slice(0, -1) + String.fromCharCode(key.charCodeAt(42) + 1);
    await expectRefused(
      url,
      sealed((b) => (b.sealed.casePublicKey = nonCanonical)),
      400,
      'INTAKE_BAD_ENVELOPE',
    );
    await expectRefused(
      url,
      sealed((b) => (b.sealed.casePublicKey = `${key}AA`)),
      400,
      'INTAKE_BAD_ENVELOPE',
    );
  });

  it('sealed: an envelope larger than its field allows: 413 INTAKE_TOO_LARGE', async () => {
    await expectRefused(
      url,
      sealed((b) => {
        const keys = generateCaseKeyPair();
        const rowId = `${String(b.sealed.reportId)}:name_or_alias`;
        const big = sealToCase(keys.publicKey, 'x'.repeat(20_000), {
          purpose: 'report-answer',
          table: 'report_items',
          column: 'envelope',
          rowId,
        });
        (b.sealed.answers as Record<string, string>).name_or_alias = toBase64Url(big);
      }),
      413,
      'INTAKE_TOO_LARGE',
    );
  });

  it('sealed: slots naming an unknown key, or missing a recipient: 400 INTAKE_UNKNOWN_RECIPIENT', async () => {
    const slots = (b: { sealed: Record<string, unknown> }) =>
      b.sealed.slots as { keyId: string; sealedKey: string }[];
    await expectRefused(
      url,
      sealed((b) => (slots(b)[0].keyId = '0123456789abcdef')),
      400,
      'INTAKE_UNKNOWN_RECIPIENT',
    );
    const missing = await expectRefused(
      url,
      sealed((b) => slots(b).pop()),
      400,
      'INTAKE_UNKNOWN_RECIPIENT',
    );
    expect(missing.details).toEqual({ unknown: 0, missing: 1 });
    await expectRefused(
      url,
      sealed((b) => slots(b).push({ ...slots(b)[0] })),
      400,
      'INTAKE_UNKNOWN_RECIPIENT',
    );
    // The triage team key rotated (a member left) after the browser fetched the form: fetch again.
    const member = await createUser(t, { roles: [Role.TRIAGER], totp: false });
    const stale = sealed();
    await t.app.get(UsersService).update(randomUUID(), member.id, { roles: [Role.ANALYST] });
    await expectRefused(url, stale, 400, 'INTAKE_UNKNOWN_RECIPIENT');
    form = await fetchPublicForm(t, 'report');
  });

  it('sealed: a reused report id or receipt: 409 with its own code', async () => {
    const first = sealed();
    expect((await t.post(url, first)).status).toBe(201);
    await expectRefused(url, first, 409, 'INTAKE_REPORT_ID_TAKEN');
    const sameReceipt = { ...first, sealed: { ...first.sealed, reportId: sealed().sealed.reportId } };
    await expectRefused(url, sameReceipt, 409, 'INTAKE_RECEIPT_TAKEN');
  });

  it('a signed-channel header with a bad signature: 401, nothing stored', async () => {
    const before = await intakeRowCounts(t);
    const res = await t.post<ErrorBody>(
      url,
      { answers: defaultFormAnswers() },
      {
        headers: {
          'x-corridor-channel': 'nobody',
          'x-corridor-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-corridor-signature': 'x',
        },
      },
    );
    expect(res.status).toBe(401);
    expect(await intakeRowCounts(t)).toEqual(before);
  });
});
