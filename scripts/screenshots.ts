/**
 * `npm run screenshots`: PNGs of the hosted page — the form, the form with its errors, the receipt
 * and the follow-up thread — at 360 px and 1280 px wide, in English and Russian, written to
 * docs/screenshots/ (shown in README). It boots the built service as the benches do and drives
 * Debian's Chromium with JavaScript off (the receipt is then the server's, so every page is there
 * without timing). Each shot is the first screen (not the full page), to keep the files small.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, Page } from 'playwright-core';
import { CHROMIUM, fillDefaultForm, startPageService } from '../bench/lib/page-service';
import { ROOT } from '../bench/lib/service-process';

const OUT = join(ROOT, 'docs', 'screenshots');
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 3961);
const WIDTHS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
];
const LANGS = ['en', 'ru'] as const;
const STORY = {
  en: 'They took my brother near the market on Monday evening.',
  ru: 'В понедельник вечером у рынка забрали моего брата.',
};
const REPLY = { en: 'I am safe for now. Thank you.', ru: 'Сейчас я в безопасности. Спасибо.' };

async function submitAndWait(page: Page, selector = 'button[type=submit]') {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const service = await startPageService('screenshots', PORT);
  const browser = await chromium.launch(CHROMIUM);
  try {
    for (const lang of LANGS) {
      for (const size of WIDTHS) {
        const context = await browser.newContext({ javaScriptEnabled: false, viewport: size, locale: lang });
        const page = await context.newPage();
        const shot = (name: string) =>
          page.screenshot({ path: join(OUT, `${name}-${lang}-${size.width}.png`) });
        await page.goto(`${service.baseUrl}/f/report?lang=${lang}`);
        await shot('form');
        await page.fill('#f-what_happened', STORY[lang]);
        await submitAndWait(page);
        await shot('error');
        await fillDefaultForm(page, STORY[lang]);
        await submitAndWait(page);
        await shot('receipt');
        const receipt = (await page.textContent('[data-receipt]'))!.trim();
        await page.goto(`${service.baseUrl}/f/report/follow-up?lang=${lang}`);
        await page.fill('#receipt', receipt);
        await submitAndWait(page);
        await page.fill('#reply', REPLY[lang]);
        await submitAndWait(page, 'form.reply button');
        await shot('follow-up');
        await context.close();
        console.log(`screenshots: ${lang} ${size.width} px`);
      }
    }
  } finally {
    await browser.close();
    await service.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
