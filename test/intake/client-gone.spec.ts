import { connect } from 'node:net';
import { CryptoPool } from '../../src/crypto-pool';
import type { PasswordKdfParams } from '../../src/crypto';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { submitPlaintext } from '../support/factories/reports.factory';
import { startTestApp, TestApp } from '../support/test-app';

/*
 * A reporter whose connection closes while their receipt derivation still waits for an Argon2id
 * thread: the derivation leaves the pool's queue at once (it would otherwise hold a place of the
 * bounded queue and make the next reporters hear BUSY), and nothing is stored — they never got the
 * receipt, so a stored report would be one nobody can follow up.
 */
jest.setTimeout(60_000);

/** Heavy enough to hold the single thread for a while (~0.5 s or more here). */
const SLOW_KDF: PasswordKdfParams = { opsLimit: 4, memLimitBytes: 128 * 1024 * 1024 };

let t: TestApp;
let slug: string;
beforeAll(async () => {
  t = await startTestApp({ env: { CRYPTO_POOL_SIZE: '1' } });
  slug = await seedDefaultForm(t);
  // The triage team key is made on first use: make it now, so that the counts below see only intake.
  expect((await t.get(`/api/v1/forms/${slug}/public`)).status).toBe(200);
});
afterAll(() => t?.close());

async function counts() {
  const [row] = await t.dataSource.query<{ reports: number; audit: number }[]>(
    `SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM audit_entries) AS audit`,
  );
  return row;
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

/** Sends a whole plaintext intake request on a raw socket; closes it when asked. */
function openRequest(): { close: () => void; answered: () => boolean } {
  const body = JSON.stringify({ answers: defaultFormAnswers('client-gone'), language: 'ru' });
  const { hostname, port } = new URL(t.baseUrl);
  const socket = connect(Number(port), hostname);
  let answered = false;
  socket.on('data', () => (answered = true));
  socket.on('error', () => undefined);
  socket.write(
    `POST /api/v1/intake/${slug}/reports HTTP/1.1\r\nHost: ${hostname}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  return { close: () => socket.destroy(), answered: () => answered };
}

it('a client that goes away while its receipt derivation waits: the derivation leaves the queue, nothing is stored', async () => {
  const pool = t.app.get(CryptoPool);
  const before = await counts();
  const blocker = pool.derivePasswordKeys('hold-the-thread', new Uint8Array(16), SLOW_KDF);
  expect(await until(() => pool.stats().busyThreads === 1, 5_000)).toBe(true);

  const request = openRequest();
  expect(await until(() => pool.queueSize === 1, 5_000)).toBe(true);
  request.close();
  // Gone from the queue while the thread is still busy with the blocker.
  expect(await until(() => pool.queueSize === 0, 2_000)).toBe(true);
  expect(pool.stats().busyThreads).toBe(1);
  const completedBefore = pool.stats().completed;

  await blocker;
  await new Promise((r) => setTimeout(r, 300));
  expect(request.answered()).toBe(false);
  // Only the blocker finished: the abandoned derivation never ran.
  expect(pool.stats().completed).toBe(completedBefore + 1);
  expect(await counts()).toEqual(before);

  // The next reporter is served as usual.
  await expect(submitPlaintext(t, slug, defaultFormAnswers('next'))).resolves.toMatch(/^\d{4}( \d{4}){3}$/);
  expect((await counts()).reports).toBe(before.reports + 1);
});
