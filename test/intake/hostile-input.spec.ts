import fc from 'fast-check';
import { randomBytes } from '../../src/crypto';
import { Role } from '../../src/access/permissions';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import {
  buildSealedSubmission,
  fetchPublicForm,
  PublicForm,
  submitPlaintext,
} from '../support/factories/reports.factory';
import { createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { intakeRowCounts } from './support';

/*
 * Hostile input: malformed, oversized, deeply nested, wrongly typed and Unicode-hostile bodies for
 * both intake modes and the reporter routes. Every generated body is invalid by construction;
 * the server must answer each with a 4xx (never a 5xx, never a crash) and store nothing.
 */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    'a\udc00b',
    '\u202egnp.exe',
    '\ufeff',
    '__proto__',
    'constructor',
    "'; DROP TABLE reports; --",
    '{{7*7}}${7*7}',
    '𝕳𝖊𝖑𝖑𝖔'.repeat(50),
    'A'.repeat(70_000),
    'ж'.repeat(40_000),
  ),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileString);
/**
 * One seed for every property of this file, printed so that a failure can be replayed exactly:
 * `FUZZ_SEED=<seed> npx jest test/intake/hostile-input.spec.ts`.
 */
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
// No shrinking: a failure is reported at once with its seed and path (shrinking 70 kB strings
// through HTTP can outlast any timeout); replay it with FUZZ_SEED and shrink by hand if needed.
/** Hundreds of HTTP requests per property: a shared, loaded machine needs more than Jest's 30 s. */
const FUZZ_TEST_TIMEOUT_MS = 180_000;
const fuzz = (numRuns: number) => ({ numRuns, seed: FUZZ_SEED, endOnFailure: true });

const deep = fc.integer({ min: 20, max: 3000 }).map((n) => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});

describe('hostile input never gives a 5xx or a stored row', () => {
  let t: TestApp;
  let form: PublicForm;
  let reporterToken: string;
  let requests = 0;
  const url = '/api/v1/intake/report/reports';

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
        INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
        REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0',
      },
    });
    await seedDefaultForm(t);
    await createUser(t, { roles: [Role.TRIAGER], totp: false });
    const receipt = await submitPlaintext(t, 'report', defaultFormAnswers());
    reporterToken = (await t.post<{ token: string }>('/api/v1/reporter/session', { receipt })).body.token;
    form = await fetchPublicForm(t, 'report');
    console.log(`hostile-input fuzz seed ${FUZZ_SEED} (replay: FUZZ_SEED=${FUZZ_SEED})`);
  });
  afterAll(async () => {
    expect(requests).toBeGreaterThanOrEqual(2000);
    await t.close();
  });

  async function send(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> },
  ) {
    requests++;
    const res = await t.request(method, path, {
      ...options,
      headers: { 'content-type': 'application/json', ...options.headers },
    });
    if (res.status >= 500 || res.status < 400)
      throw new Error(`${method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return res;
  }

  async function unchanged(run: () => Promise<void>) {
    const before = await intakeRowCounts(t);
    await run();
    expect(await intakeRowCounts(t)).toEqual(before);
    expect((await t.get('/health/live')).status).toBe(200);
  }

  const answerMutation = fc.oneof(
    fc.record({
      key: fc.constantFrom('detained_now', 'in_danger_now'),
      value: anyJson.filter((v) => typeof v !== 'boolean' && v !== null && v !== ''),
    }),
    fc.record({
      key: fc.constantFrom('region', 'who_at_risk', 'preferred_language', 'incident_month'),
      value: hostileString.filter((v) => v !== ''),
    }),
    fc.record({
      key: fc.constantFrom('incident_kind'),
      value: fc.array(hostileString, { minLength: 1, maxLength: 20 }),
    }),
    fc.record({
      key: fc.constantFrom('what_happened', 'name_or_alias', 'contact_handle'),
      value: fc.oneof(
        deep,
        fc.array(anyJson, { minLength: 1 }),
        fc.integer(),
        fc.constantFrom('\ud800', 'x\udfff', 'ж'.repeat(70_000)),
      ),
    }),
    fc.record({ key: hostileString.filter((k) => !(k in defaultFormAnswers())), value: anyJson }),
  );

  it(
    'plaintext mode: arbitrary bodies and mutated answers (800)',
    async () => {
      await unchanged(async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              { weight: 1, arbitrary: anyJson },
              { weight: 1, arbitrary: deep },
              { weight: 1, arbitrary: fc.record({ answers: anyJson, language: fc.option(hostileString) }) },
              {
                weight: 4,
                arbitrary: answerMutation.map(({ key, value }) => ({
                  answers: { ...defaultFormAnswers(), [key]: value },
                })),
              },
            ),
            async (body) => void (await send('POST', url, { body })),
          ),
          fuzz(800),
        );
      });
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  /**
   * A well-formed sealed body never seen before: its own report id, case key, slots, reporter slot
   * and lookup value, so a mutated copy can be refused only by the validation its mutation targets
   * (not as a duplicate id or lookup id).
   */
  const freshSealedBody = () =>
    buildSealedSubmission(form, defaultFormAnswers(), {
      receiptKeys: { slotKey: randomBytes(32), lookupValue: randomBytes(32) },
    }).body as unknown as Record<string, unknown> & { sealed: Record<string, unknown> };

  it(
    'sealed mode: mutated envelopes, keys, slots and statistics (700)',
    async () => {
      // The unmutated fresh body is accepted: every refusal below comes from the mutation.
      expect((await t.post(url, freshSealedBody())).status).toBe(201);
      const slotMutation = fc.oneof(
        fc.constant([]),
        fc.array(fc.record({ keyId: hostileString, sealedKey: hostileString }), { maxLength: 5 }),
        fc.array(anyJson, { maxLength: 5 }),
      );
      const mutation = fc.oneof(
        fc.record({
          path: fc.constantFrom('reportId', 'casePublicKey', 'reporterSlot', 'receiptLookupValue'),
          value: anyJson,
        }),
        fc.record({
          path: fc.constant('answers'),
          value: fc.oneof(
            anyJson,
            fc.dictionary(hostileString, hostileString, { maxKeys: 5 }),
            fc.dictionary(
              fc.constantFrom('what_happened', 'name_or_alias'),
              fc
                .base64String({ maxLength: 2000 })
                .map((s) => s.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_')),
            ),
          ),
        }),
        fc.record({ path: fc.constant('slots'), value: slotMutation }),
        // Well-formed slots (valid key ids, valid sealed keys of this very report) for the wrong set of
        // recipients: only the recipient check can refuse these.
        fc.record({
          path: fc.constant('recipientSlots'),
          value: fc.record({
            kind: fc.constantFrom('foreign', 'duplicate', 'extra'),
            keyId: fc
              .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 })
              .filter((id) => !form.recipients.some((r) => r.keyId === id)),
          }),
        }),
        fc.record({
          path: fc.constant('statistics'),
          value: fc.oneof(
            anyJson,
            fc.dictionary(
              fc.constantFrom('region', 'detained_now', 'what_happened', 'incident_kind'),
              anyJson,
              { minKeys: 1 },
            ),
          ),
        }),
        fc.record({ path: fc.constant('sealed'), value: anyJson }),
      );
      await unchanged(async () => {
        await fc.assert(
          fc.asyncProperty(mutation, async ({ path, value }) => {
            const body = freshSealedBody();
            if (path === 'recipientSlots') {
              const { kind, keyId } = value as { kind: string; keyId: string };
              const slots = body.sealed.slots as { keyId: string; sealedKey: string }[];
              const foreign = slots.map((slot) => ({ ...slot, keyId }));
              body.sealed.slots =
                kind === 'foreign'
                  ? foreign
                  : kind === 'duplicate'
                    ? [...slots, ...slots]
                    : [...slots, ...foreign];
            } else if (path === 'statistics' || path === 'sealed')
              (body as Record<string, unknown>)[path] = value;
            else body.sealed[path] = value;
            await send('POST', url, { body });
          }),
          fuzz(700),
        );
      });
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'raw bodies: broken JSON, wrong content types, nesting beyond any parser (300)',
    async () => {
      await unchanged(async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc
                .string({ unit: 'binary', maxLength: 500 })
                .map((s) => ({ raw: `{"answers": ${s}`, type: 'application/json' })),
              fc
                .integer({ min: 1000, max: 100_000 })
                .map((n) => ({ raw: '['.repeat(n) + ']'.repeat(n), type: 'application/json' })),
              fc.string({ maxLength: 200 }).map((s) => ({ raw: s, type: 'text/plain' })),
              fc.constant({
                raw: `{"answers":{"what_happened":"${'x'.repeat(2 * 1024 * 1024)}"}}`,
                type: 'application/json',
              }),
            ),
            async ({ raw, type }) =>
              void (await send('POST', url, { rawBody: raw, headers: { 'content-type': type } })),
          ),
          fuzz(300),
        );
      });
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'reporter routes: sessions, views and messages with hostile bodies and tokens (350)',
    async () => {
      await unchanged(async () => {
        await fc.assert(
          fc.asyncProperty(fc.oneof(anyJson, fc.record({ receipt: anyJson }), deep), async (body) => {
            await send('POST', '/api/v1/reporter/session', { body });
          }),
          fuzz(100),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              hostileString.map(
                (s) => `Bearer ${Buffer.from(s, 'utf8').toString('base64url').slice(0, 300)}`,
              ),
              fc.string({ unit: 'binary-ascii', maxLength: 100 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
              fc.constant(`Bearer ${'A'.repeat(43)}`),
            ),
            async (authorization) =>
              void (await send('GET', '/api/v1/reporter/report', { headers: { authorization } })),
          ),
          fuzz(100),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              anyJson,
              deep,
              fc.record({
                text: fc.oneof(
                  fc.constantFrom('', '  ', '\ud800', 'x'.repeat(20_000)),
                  fc.integer(),
                  fc.array(fc.string()),
                ),
              }),
            ),
            async (body) =>
              void (await send('POST', '/api/v1/reporter/messages', { body, token: reporterToken })),
          ),
          fuzz(150),
        );
      });
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
