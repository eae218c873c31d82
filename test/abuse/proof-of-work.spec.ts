import { Role } from '../../src/access/permissions';
import { proofBits, solveChallenge } from '../../src/abuse/proof-of-work';
import { defaultFormAnswers, seedDefaultForm, createForm } from '../support/factories/forms.factory';
import { buildSealedSubmission, fetchPublicForm, PublicForm } from '../support/factories/reports.factory';
import { createUser } from '../support/factories/users.factory';
import { intakeRowCounts } from '../intake/support';
import { startTestApp, TestApp } from '../support/test-app';

type ErrorBody = { error: { code: string } };
interface Challenge {
  challenge: string;
  difficultyBits: number;
  algorithm: string;
  expiresAt: string;
}

const BITS = 10;

describe('proof of work on intake', () => {
  let t: TestApp;
  let form: PublicForm;
  const url = '/api/v1/intake/report/reports';

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        POW_ENABLED: 'true',
        POW_DIFFICULTY_BITS: String(BITS),
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '50',
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
      },
    });
    await seedDefaultForm(t);
    await createUser(t, { roles: [Role.TRIAGER], totp: false });
    form = await fetchPublicForm(t, 'report');
  }, 60_000);
  afterAll(() => t.close());

  async function challenge(slug = 'report'): Promise<Challenge> {
    const res = await t.post<Challenge>(`/api/v1/intake/${slug}/challenge`);
    expect(res.status).toBe(201);
    return res.body;
  }

  const body = (proof?: { challenge: string; nonce: string }) => ({
    ...buildSealedSubmission(form, defaultFormAnswers('pow')).body,
    ...(proof ? { proof } : {}),
  });

  async function expectRefused(payload: unknown, status: number, code: string) {
    const before = await intakeRowCounts(t);
    const res = await t.post<ErrorBody>(url, payload);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(await intakeRowCounts(t)).toEqual(before);
  }

  it('publishes its parameters in the public definition', () => {
    expect(form.proofOfWork).toEqual({
      algorithm: 'sha256',
      difficultyBits: BITS,
      challengePath: '/api/v1/intake/report/challenge',
    });
  });

  it('issues a random challenge with its difficulty and expiry', async () => {
    const c = await challenge();
    expect(c).toEqual({
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      difficultyBits: BITS,
      algorithm: 'sha256',
      expiresAt: expect.any(String),
    });
    expect(new Date(c.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await challenge()).challenge).not.toBe(c.challenge);
  });

  it('accepts a report with a solved challenge, once', async () => {
    const c = await challenge();
    const proof = { challenge: c.challenge, nonce: solveChallenge(c.challenge, c.difficultyBits) };
    const res = await t.post(url, body(proof));
    expect(res.status).toBe(201);
    await expectRefused(body(proof), 403, 'POW_FAILED');
  });

  it('refuses a report without a proof: POW_REQUIRED', async () => {
    await expectRefused(body(), 400, 'POW_REQUIRED');
  });

  it('refuses too little work, an unknown challenge, another form’s challenge and malformed proofs: POW_FAILED', async () => {
    const c = await challenge();
    let weak = 0;
    while (proofBits(c.challenge, String(weak)) >= BITS) weak++;
    await expectRefused(body({ challenge: c.challenge, nonce: String(weak) }), 403, 'POW_FAILED');

    const unknown = 'AAAAAAAAAAAAAAAAAAAAAA';
    await expectRefused(
      body({ challenge: unknown, nonce: solveChallenge(unknown, BITS) }),
      403,
      'POW_FAILED',
    );

    const other = await createForm(t);
    const foreign = await challenge(other);
    await expectRefused(
      body({ challenge: foreign.challenge, nonce: solveChallenge(foreign.challenge, BITS) }),
      403,
      'POW_FAILED',
    );

    await expectRefused(body({ challenge: 'x'.repeat(300), nonce: '1' }), 403, 'POW_FAILED');
    await expectRefused(body({ challenge: c.challenge, nonce: 'not a nonce!' }), 403, 'POW_FAILED');
  });

  it('rate-limits challenges like reports (twice the per-form budget)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await t.post('/api/v1/intake/report/challenge')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
  });
});

describe('proof of work disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 404 POW_DISABLED to a challenge request', async () => {
    const res = await t.post<ErrorBody>('/api/v1/intake/report/challenge');
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 404, code: 'POW_DISABLED' });
  });

  it('refuses a malformed slug with a 400, not a challenge', async () => {
    const res = await t.post<ErrorBody>('/api/v1/intake/NOT%20A%20SLUG/challenge');
    expect(res.status).toBe(400);
  });
});
