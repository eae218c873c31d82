import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Request } from 'playwright-core';
import type { Principal } from '../../src/access/principal';
import { seedDefaultForm } from '../support/factories/forms.factory';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { latestReportId, readAsTriager, signedInTriager } from '../intake/support';

const CANARY_STORY = 'JS canary: их увезли ночью 9183 "q" \\ 🙂';
const CANARY_ALIAS = 'Alias-canary-9183';

/**
 * The hosted page with JavaScript on: the answers are sealed in the browser with the crypto bundle
 * (proof of work solved there too), so no request body holds an answer or the receipt, and the
 * triager reads exactly what was typed.
 */
describe('hosted intake page, JavaScript on', () => {
  let t: TestApp;
  let browser: Browser;
  let triager: Principal;
  let slug: string;

  beforeAll(async () => {
    expect(chromiumAvailable()).toBe(true);
    execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build-crypto-bundle.js')], {
      stdio: 'pipe',
    });
    t = await startTestApp({ env: { POW_ENABLED: 'true', POW_DIFFICULTY_BITS: '8' } });
    slug = await seedDefaultForm(t);
    triager = await signedInTriager(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('seals in the browser; bodies carry no answer and no receipt; the triager reads what was typed', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.addInitScript(() => {
      (window as unknown as { violations: string[] }).violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { violations: string[] }).violations.push(e.violatedDirective),
      );
    });
    await page.goto(`${t.baseUrl}/f/${slug}`);
    await page.waitForFunction(() =>
      document.getElementById('mode-note')!.textContent!.includes('encrypted in this browser'),
    );
    await page.fill('#f-what_happened', CANARY_STORY);
    await page.fill('#f-name_or_alias', CANARY_ALIAS);
    await page.check('#f-incident_kind-abduction');
    await page.check('#f-detained_now-no');
    await page.check('#f-in_danger_now-yes');
    await page.check('#f-wants_evacuation-no');
    await page.check('#f-who_at_risk-self');
    expect(await context.cookies()).toEqual([]);
    const started = Date.now();
    await page.click('button[type=submit]');
    await page.waitForSelector('#receipt-title', { timeout: 15_000 });
    const elapsed = Date.now() - started;
    const receipt = (await page.textContent('[data-receipt]'))!.trim();
    expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(await page.textContent('[data-receipt-note]')).toContain('encrypted in your browser');
    expect(elapsed).toBeLessThan(10_000);

    const bodies = requests.map((r) => r.postData() ?? '').join('\n');
    expect(bodies).toContain('"sealed"');
    for (const secret of [
      CANARY_STORY,
      JSON.stringify(CANARY_STORY),
      CANARY_ALIAS,
      receipt,
      receipt.replace(/ /g, ''),
    ])
      expect(bodies).not.toContain(secret);
    expect(requests.map((r) => new URL(r.url()).origin).filter((o) => o !== t.baseUrl)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(await context.cookies()).toEqual([]);

    const report = await readAsTriager(t, triager, await latestReportId(t));
    expect(report.answers).toEqual({ what_happened: CANARY_STORY, name_or_alias: CANARY_ALIAS });
    expect(report.statistics).toEqual({
      incident_kind: ['abduction'],
      detained_now: false,
      in_danger_now: true,
      wants_evacuation: false,
      who_at_risk: 'self',
    });

    // The receipt made in the browser opens the follow-up page (without JavaScript needed).
    await page.goto(`${t.baseUrl}/f/${slug}/follow-up?lang=en`);
    await page.fill('#receipt', receipt);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Your report');
    await context.close();
  }, 60_000);

  it('with JavaScript on, missing answers are marked in the page and nothing is posted', async () => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await page.goto(`${t.baseUrl}/f/${slug}`);
    await page.waitForFunction(() => document.getElementById('mode-note')!.textContent!.includes('браузере'));
    await page.fill('#f-what_happened', CANARY_STORY);
    await page.click('button[type=submit]');
    await page.waitForSelector('#f-incident_kind-error');
    expect(await page.getAttribute('#f-incident_kind', 'aria-describedby')).toContain(
      'f-incident_kind-error',
    );
    expect(posts).toEqual([]);
    await context.close();
  });
  it('without WebAssembly: says so, posts the plain form with a proof solved by WebCrypto, and shows the receipt', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    // Before any page script runs: this browser has no WebAssembly (a locked-down browser).
    await page.addInitScript(() => {
      delete (window as unknown as { WebAssembly?: unknown }).WebAssembly;
    });
    await page.goto(`${t.baseUrl}/f/${slug}`);
    await page.waitForFunction(() =>
      document.getElementById('mode-note')!.textContent!.includes('no WebAssembly'),
    );
    expect(await page.textContent('#mode-note')).toContain('encrypted by the server as soon as they arrive');
    await page.fill('#f-what_happened', CANARY_STORY);
    await page.check('#f-incident_kind-threats_police');
    await page.check('#f-detained_now-no');
    await page.check('#f-in_danger_now-no');
    await page.check('#f-wants_evacuation-no');
    await page.check('#f-who_at_risk-self');
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(response?.status()).toBe(201);
    expect((await page.textContent('[data-receipt]'))!.trim()).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(await page.textContent('[data-receipt-note]')).toContain('encrypted by the server');

    // The bundle was never fetched; the plain POST carried the proof of work, and the answer.
    expect(requests.some((r) => r.url().endsWith('/f/_/corridor-crypto.js'))).toBe(false);
    const post = requests.find((r) => r.method() === 'POST' && new URL(r.url()).pathname === `/f/${slug}`);
    const fields = new URLSearchParams(post!.postData()!);
    expect(fields.get('_pow_challenge')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fields.get('_pow_nonce')).toMatch(/^[0-9a-z]+$/);
    const report = await readAsTriager(t, triager, await latestReportId(t));
    expect(report.answers).toEqual({ what_happened: CANARY_STORY });
    expect(report.statistics).toMatchObject({ incident_kind: ['threats_police'], who_at_risk: 'self' });
    await context.close();
  }, 60_000);

  it('proof of work with JavaScript off: the form says so up front, and a post gets the explanation with the answers kept, nothing stored', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/f/${slug}`);
    expect(await page.locator('p.warning').textContent()).toContain('needs JavaScript');
    expect(await page.locator('p.warning').isVisible()).toBe(true);
    await page.fill('#f-what_happened', CANARY_STORY);
    await page.check('#f-incident_kind-threats_police');
    await page.check('#f-detained_now-no');
    await page.check('#f-in_danger_now-no');
    await page.check('#f-wants_evacuation-no');
    await page.check('#f-who_at_risk-self');
    const before = await reportCount();
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('#form-alert')).toContain('Your answers are kept below and were not sent');
    expect(await page.inputValue('#f-what_happened')).toBe(CANARY_STORY);
    expect(await page.isChecked('#f-incident_kind-threats_police')).toBe(true);
    expect(await reportCount()).toBe(before);
    // A forged proof is refused with the same explanation, never a bare error.
    const forged = await t.request('POST', `/f/${slug}?lang=en`, {
      rawBody: `what_happened=x&incident_kind=threats_police&detained_now=no&in_danger_now=no&wants_evacuation=no&who_at_risk=self&_pow_challenge=${'A'.repeat(22)}&_pow_nonce=0`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Your answers are kept below and were not sent');
    expect(await reportCount()).toBe(before);
    await context.close();
  }, 60_000);

  async function reportCount(): Promise<number> {
    const rows = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM reports');
    return Number(rows[0].n);
  }
});
