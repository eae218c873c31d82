import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { seedDefaultForm } from '../support/factories/forms.factory';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

/** axe-core (needs page scripts) on the form, error, receipt and follow-up pages, in English and Russian. */
describe('hosted intake page accessibility', () => {
  let t: TestApp;
  let browser: Browser;
  let slug: string;

  beforeAll(async () => {
    expect(chromiumAvailable()).toBe(true);
    t = await startTestApp();
    slug = await seedDefaultForm(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function seriousViolations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  it.each(['en', 'ru'])(
    'form, error, receipt and follow-up pages in %s',
    async (lang) => {
      const context = await browser.newContext({
        viewport: { width: 320, height: 800 },
      });
      const page = await context.newPage();
      // axe runs as a script in the page; without the crypto bundle the form keeps its plain POST,
      // so the server-rendered error, receipt and follow-up pages are the ones checked.
      await page.route('**/f/_/corridor-crypto.js', (route) => route.abort());
      const checked: Record<string, string[]> = {};
      await page.goto(`${t.baseUrl}/f/${slug}?lang=${lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      checked.form = await seriousViolations(page);
      // Usable at 320 px: nothing wider than the viewport.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      expect(await page.locator('.error').count()).toBeGreaterThan(0);
      checked.error = await seriousViolations(page);

      await page.fill('#f-what_happened', 'a11y');
      for (const id of [
        'incident_kind-other',
        'detained_now-no',
        'in_danger_now-no',
        'wants_evacuation-no',
        'who_at_risk-self',
      ])
        await page.check(`#f-${id}`);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      const receipt = (await page.textContent('[data-receipt]'))!.trim();
      checked.receipt = await seriousViolations(page);

      await page.goto(`${t.baseUrl}/f/${slug}/follow-up?lang=${lang}`);
      checked.followUp = await seriousViolations(page);
      await page.fill('#receipt', receipt);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      expect(await page.locator('textarea#reply').count()).toBe(1);
      checked.thread = await seriousViolations(page);

      expect(checked).toEqual({ form: [], error: [], receipt: [], followUp: [], thread: [] });
      await context.close();
    },
    240_000,
  );
});
