import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { CaseAccessService } from '../../src/keys/case-access.service';
import type { Principal } from '../../src/access/principal';
import { ReportMessagesService } from '../../src/reports/report-messages.service';
import { createForm } from '../support/factories/forms.factory';
import { seedDefaultForm } from '../support/factories/forms.factory';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { latestReportId, readAsTriager, signedInTriager } from '../intake/support';

const CANARY_STORY = 'Canary story: они забрали брата у рынка 7731';
const CANARY_HANDLE = '@canary_handle_7731';
const CANARY_REPLY = 'Canary reply: I am safe for now 7731';

/**
 * The hosted page with JavaScript off (Tor Browser "Safest"), in Debian's headless Chromium: the
 * form, its errors, the receipt, the follow-up, a caseworker's message and the reporter's reply.
 */
describe('hosted intake page, JavaScript off', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let triager: Principal;
  let slug: string;
  const requests: Request[] = [];
  const violations: string[] = [];

  beforeAll(async () => {
    expect(chromiumAvailable()).toBe(true);
    t = await startTestApp();
    slug = await seedDefaultForm(t);
    triager = await signedInTriager(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ javaScriptEnabled: false, locale: 'ru-RU' });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
  });
  afterEach(() => context.close());

  it('fill, errors with answers kept, submit, receipt, follow-up, caseworker message, reply; a triager reads it', async () => {
    await page.goto(`${t.baseUrl}/f/${slug}`);
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.textContent('h1')).toBe('Сообщите, что произошло');
    expect(await context.cookies()).toEqual([]);

    // A first post without the required answers: 400, errors next to the fields, the story kept.
    await page.fill('#f-what_happened', CANARY_STORY);
    await page.fill('#f-contact_handle', CANARY_HANDLE);
    const refused = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(refused[0]?.status()).toBe(400);
    expect(await page.inputValue('#f-what_happened')).toBe(CANARY_STORY);
    expect(await page.inputValue('#f-contact_handle')).toBe(CANARY_HANDLE);
    expect(await page.getAttribute('#f-detained_now', 'aria-describedby')).toContain('f-detained_now-error');
    expect(await page.textContent('#f-detained_now-error')).toBe('Пожалуйста, ответьте на этот вопрос.');
    // The first refused field (incident_kind, the first required one left empty) gets the focus.
    expect(await page.getAttribute('#f-incident_kind-detention', 'autofocus')).toBe('');
    expect(await page.locator('[autofocus]').count()).toBe(1);
    expect(await context.cookies()).toEqual([]);

    await page.check('#f-incident_kind-detention');
    await page.check('#f-detained_now-yes');
    await page.check('#f-in_danger_now-no');
    await page.check('#f-wants_evacuation-yes');
    await page.check('#f-who_at_risk-someone_else');
    await page.check('#f-contact_channel-signal');
    const started = Date.now();
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(response?.status()).toBe(201);
    expect(Date.now() - started).toBeLessThan(5000);
    const receipt = (await page.textContent('[data-receipt]'))!.trim();
    expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(await page.textContent('[data-receipt-note]')).toContain('зашифровал сервер');

    // The triager reads exactly what was typed.
    const reportId = await latestReportId(t);
    const report = await readAsTriager(t, triager, reportId);
    expect(report.answers).toEqual({
      what_happened: CANARY_STORY,
      contact_handle: CANARY_HANDLE,
      contact_channel: 'signal',
    });
    expect(report.statistics).toEqual({
      incident_kind: ['detention'],
      detained_now: true,
      in_danger_now: false,
      wants_evacuation: true,
      who_at_risk: 'someone_else',
    });

    await t.dataSource.transaction((m) =>
      t.app.get(ReportMessagesService).addCaseworkerMessage(m, reportId, triager.userId, 'Мы на связи'),
    );
    await page.click('a[href*="follow-up"]');
    await page.fill('#receipt', receipt.replace(/ /g, ''));
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.textContent('.thread')).toContain('Мы на связи');
    await page.fill('#reply', CANARY_REPLY);
    const [sent] = await Promise.all([page.waitForNavigation(), page.click('form.reply button')]);
    expect(sent?.status()).toBe(200);
    expect(await page.textContent('[role=status]')).toBe('Ваше сообщение отправлено.');
    expect(await page.textContent('.thread')).toContain(CANARY_REPLY);

    const thread = await t.app
      .get(CaseAccessService)
      .withCaseKeyPair(triager, reportId, (keys) => t.app.get(ReportMessagesService).thread(reportId, keys));
    expect(thread.map((m) => [m.from, m.text])).toEqual([
      ['caseworker', 'Мы на связи'],
      ['reporter', CANARY_REPLY],
    ]);

    // The language switch of the thread page keeps the session (a POST, not a link that drops it).
    const session = await page.getAttribute('input[name=session]', 'value');
    await Promise.all([page.waitForNavigation(), page.click('.languages button[lang=en]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Your report');
    expect(await page.textContent('.thread')).toContain(CANARY_REPLY);
    expect(new URL(page.url()).search).toBe('?lang=en');
    await Promise.all([page.waitForNavigation(), page.click('.languages button[lang=ru]')]);
    expect(await page.textContent('.thread')).toContain('Мы на связи');
    expect(await page.getAttribute('input[name=session]', 'value')).toBe(session);

    // Leave ends the session: its token no longer opens the thread.
    expect(session).toBeTruthy();
    await Promise.all([page.waitForNavigation(), page.click('.leave button')]);
    expect(await page.textContent('h1')).toBe('Вы вышли');
    const after = await t.post(`/f/${slug}/follow-up/reply`, { session, text: 'x', _lang: 'en' });
    expect(after.status).toBe(401);
    expect(after.text).toContain('Your session has ended');
    const switched = await t.post(`/f/${slug}/follow-up/thread?lang=en`, { session });
    expect(switched.status).toBe(401);
    expect(switched.text).toContain('Your session has ended');

    // Only this origin was asked, no cookie was ever set, no policy violation was reported.
    expect(requests.map((r) => new URL(r.url()).origin).filter((o) => o !== t.baseUrl)).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(violations).toEqual([]);
    const logged = t.logs.lines.join('\n');
    for (const secret of [CANARY_STORY, CANARY_HANDLE, CANARY_REPLY, receipt, receipt.replace(/ /g, '')])
      expect(logged).not.toContain(secret);
  }, 60_000);

  it('answers an unknown and a closed form with the same 404 page; a bad post is a 400 page', async () => {
    const closed = await createForm(t, { status: 'closed' });
    const unknown = await t.get(`/f/no-such-form?lang=en`);
    const closedPage = await t.get(`/f/${closed}?lang=en`);
    expect(unknown.status).toBe(404);
    expect(closedPage.status).toBe(404);
    expect(closedPage.text).toBe(unknown.text);
    expect((await t.post(`/f/${closed}`, { _lang: 'en' })).status).toBe(404);

    const bad = await t.request('POST', `/f/${slug}?lang=en`, {
      rawBody: 'what_happened=a&what_happened=b&detained_now=maybe&%ZZ',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
    expect(bad.text).toContain('This answer is not in a form we can take.');
    const notJson = await t.request('POST', `/f/${slug}`, {
      rawBody: '[1,2]',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('<!doctype html>');
  });

  it('serves the page outside /api/v1 with its own strict headers, and the API keeps its prefix', async () => {
    const res = await t.get(`/f/${slug}?lang=en`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(res.text).not.toMatch(/\sstyle=/);
    expect((await t.get(`/api/v1/f/${slug}`)).status).toBe(404);
    expect((await t.get(`/api/v1/forms/${slug}/public`)).status).toBe(200);
    const css = await t.get('/f/_/page.css');
    expect(css.status).toBe(200);
    expect(Buffer.byteLength(res.text) + Buffer.byteLength(css.text)).toBeLessThan(30 * 1024);
    expect((await t.get('/f/_/nothing.js')).status).toBe(404);
  });
  it('takes urlencoded bodies on the page routes only: an /api/v1 route answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' };
    const api = await t.request('POST', `/api/v1/intake/${slug}/reports`, {
      rawBody: 'answers=x&language=en',
      headers: form,
    });
    expect(api.status).toBe(415);
    expect((api.body as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const signIn = await t.request('POST', '/api/v1/auth/login', {
      rawBody: 'email=a&password=b',
      headers: form,
    });
    expect(signIn.status).toBe(415);
    // The same body as JSON reaches the route (and its own validation); the page takes the form post.
    expect((await t.post(`/api/v1/intake/${slug}/reports`, { answers: 'x' })).status).toBe(400);
    const page = await t.request('POST', `/f/${slug}?lang=en`, { rawBody: 'what_happened=x', headers: form });
    expect(page.status).toBe(400);
    expect(page.text).toContain('Please answer this question.');
  });
});
