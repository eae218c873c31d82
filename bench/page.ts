/**
 * `npm run bench:page`: the hosted intake page.
 *
 * - `GET /f/report?lang=en` pages per second (autocannon, closed loop) from the built service (the
 *   blank form's render is cached per form version and language), next to the raw limit measured
 *   in the same run: a bare Fastify process on the same machine answering one route with the same
 *   bytes and the same headers.
 * - Sizes: the form page's HTML + CSS (target < 30 KB; no font, image or SVG to add), page.js,
 *   and the crypto bundle apart (loaded only with JavaScript).
 * - Submit click → receipt shown, in Debian's headless Chromium: JavaScript on (the answers sealed
 *   and the receipt's Argon2id derived in WebAssembly in the browser; target < 2 s) and JavaScript
 *   off (plain POST, the server encrypts and derives the receipt; target < 500 ms). Median and max
 *   of BENCH_PAGE_SUBMITS (5) submissions each, after one unmeasured warm-up.
 * - Peak RSS of the service process; unexpected answers are counted per phase and the bench exits
 *   non-zero on any (bench/lib/unexpected-answers.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Browser, chromium } from 'playwright-core';
import { CHROMIUM, fillDefaultForm, startPageService } from './lib/page-service';
import { median, peakRssMb, stop, waitForOk } from './lib/service-process';
import { UnexpectedAnswers } from './lib/unexpected-answers';

const PORT = Number(process.env.BENCH_PORT ?? 3971);
const RAW_PORT = PORT + 1;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SUBMITS = Number(process.env.BENCH_PAGE_SUBMITS ?? 5);
const FORM_PATH = '/f/report?lang=en';
const STORY = 'Bench story: they took him near the market.';

/** The bare route: the same bytes and headers as the service's answer, nothing else. */
const RAW_SERVER = `
const fs = require('node:fs');
const { body, headers } = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const app = require('fastify')({ logger: false });
app.get('/f/report', (req, reply) => { reply.headers(headers).send(body); });
app.listen({ host: '127.0.0.1', port: Number(process.argv[2]) });
`;
const KEPT_HEADERS = ['content-type', 'content-security-policy', 'referrer-policy', 'cache-control'];

function progress(text: string) {
  console.log(`[bench:page] ${text}`);
}

function rate(result: autocannon.Result) {
  return `${Math.round(result.requests.average)}/s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms)`;
}

async function pagesPerSecond(url: string, title: string, unexpected: UnexpectedAnswers, measured: boolean) {
  return unexpected.autocannon(
    title,
    await autocannon({ url, connections: CONNECTIONS, duration: measured ? DURATION_S : 3 }),
    { measured },
  );
}

/**
 * Submit click → receipt shown, `runs + 1` times (the first unmeasured); the times in ms. `times`:
 * wall time around Playwright's click and wait (automation overhead included: the click's checks,
 * waitForNavigation, selector polling). `browserTimes` (JavaScript off only): the browser's own
 * clock for the form's submission, from the navigation's start to the receipt page's load event
 * (PerformanceNavigationTiming of the receipt page) — what the reporter waits, without the
 * automation around it.
 */
async function submitTimes(
  browser: Browser,
  baseUrl: string,
  javaScriptEnabled: boolean,
  runs: number,
  unexpected: UnexpectedAnswers,
): Promise<{ times: number[]; browserTimes: number[] }> {
  const times: number[] = [];
  const browserTimes: number[] = [];
  let failures = 0;
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}${FORM_PATH}`);
      if (javaScriptEnabled)
        await page.waitForFunction(() =>
          document.getElementById('mode-note')!.textContent!.includes('encrypted in this browser'),
        );
      await fillDefaultForm(page, STORY);
      const started = performance.now();
      let status = 201;
      if (javaScriptEnabled) {
        await page.click('button[type=submit]');
        await page.waitForSelector('#receipt-title', { timeout: 20_000 });
      } else {
        const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
        status = response?.status() ?? 0;
        await page.waitForSelector('#receipt-title');
      }
      const elapsed = performance.now() - started;
      const receipt = (await page.textContent('[data-receipt]'))?.trim() ?? '';
      if (status !== 201 || !/^\d{4} \d{4} \d{4} \d{4}$/.test(receipt)) failures++;
      else if (i > 0) {
        times.push(elapsed);
        if (!javaScriptEnabled) browserTimes.push(await receiptPageLoadMs(page));
      }
    } catch {
      failures++;
    } finally {
      await context.close();
    }
  }
  unexpected.count(
    `submit → receipt, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`,
    failures,
    `${times.length} receipts measured, ${failures} failed`,
  );
  return { times, browserTimes };
}

/** The receipt page's load event, in ms from the start of the submission that brought it. */
function receiptPageLoadMs(page: { evaluate<T>(fn: () => T): Promise<T> }): Promise<number> {
  // Playwright evaluates in its own world, so this works with the page's JavaScript off.
  return page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
  );
}

async function main() {
  const service = await startPageService('bench_page', PORT);
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-page-'));
  const raw = { child: null as ReturnType<typeof spawn> | null };
  const unexpected = new UnexpectedAnswers();
  let browser: Browser | null = null;
  try {
    const formUrl = `${service.baseUrl}${FORM_PATH}`;
    const res = await fetch(formUrl);
    const html = await res.text();
    if (res.status !== 200) throw new Error(`form page: ${res.status}`);
    const sizeOf = async (path: string) => {
      const asset = await fetch(`${service.baseUrl}${path}`);
      if (asset.status !== 200) throw new Error(`${path}: ${asset.status}`);
      return Buffer.byteLength(Buffer.from(await asset.arrayBuffer()));
    };
    const htmlBytes = Buffer.byteLength(html);
    const cssBytes = await sizeOf('/f/_/page.css');
    const jsBytes = await sizeOf('/f/_/page.js');
    const bundleBytes = await sizeOf('/f/_/corridor-crypto.js');

    const headers = Object.fromEntries(KEPT_HEADERS.map((h) => [h, res.headers.get(h) ?? '']));
    const spec = join(dir, 'raw.json');
    writeFileSync(spec, JSON.stringify({ body: html, headers }));
    raw.child = spawn(process.execPath, ['-e', RAW_SERVER, spec, String(RAW_PORT)], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if ((await waitForOk(`http://127.0.0.1:${RAW_PORT}/f/report`, performance.now(), 20_000)) === null)
      throw new Error('raw server not ready');

    progress('warm-up');
    await pagesPerSecond(formUrl, 'warm-up, service', unexpected, false);
    await pagesPerSecond(`http://127.0.0.1:${RAW_PORT}/f/report`, 'warm-up, raw', unexpected, false);
    progress(`GET ${FORM_PATH}, ${CONNECTIONS} connections, ${DURATION_S} s each`);
    const served = await pagesPerSecond(formUrl, 'GET /f/report, service', unexpected, true);
    const bare = await pagesPerSecond(
      `http://127.0.0.1:${RAW_PORT}/f/report`,
      'GET /f/report, bare Fastify',
      unexpected,
      true,
    );
    await stop(raw.child);
    raw.child = null;

    progress(`submit → receipt in headless Chromium, ${SUBMITS} runs each`);
    browser = await chromium.launch(CHROMIUM);
    const jsOn = (await submitTimes(browser, service.baseUrl, true, SUBMITS, unexpected)).times;
    const jsOff = await submitTimes(browser, service.baseUrl, false, SUBMITS, unexpected);
    const rss = peakRssMb(service.api.pid!);

    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const ms = (values: number[]) =>
      values.length
        ? `median ${Math.round(median(values))} ms, max ${Math.round(Math.max(...values))} ms`
        : 'no run';
    console.log('\nbench:page results');
    console.log(`  GET ${FORM_PATH}: ${rate(served)} (target ≥ 1,000/s)`);
    console.log(`  raw limit, bare Fastify with the same bytes: ${rate(bare)}`);
    console.log(`  service / raw: ${((served.requests.average / bare.requests.average) * 100).toFixed(0)} %`);
    console.log(
      `  form page HTML ${kb(htmlBytes)} + CSS ${kb(cssBytes)} = ${kb(htmlBytes + cssBytes)} (target < 30 KB)`,
    );
    console.log(`  page.js ${kb(jsBytes)}; crypto bundle (JavaScript only) ${kb(bundleBytes)}`);
    console.log(`  submit → receipt, JavaScript on (WebAssembly Argon2id): ${ms(jsOn)} (target < 2 s)`);
    console.log(
      `  submit → receipt, JavaScript off, the browser's navigation timing (submission start → receipt page loaded): ` +
        `${ms(jsOff.browserTimes)} (target < 500 ms)`,
    );
    console.log(`    the same, wall time around Playwright's click and waits: ${ms(jsOff.times)}`);
    console.log(`  peak RSS, service process: ${rss ?? '?'} MB`);
    unexpected.finish();
  } finally {
    await browser?.close();
    if (raw.child) await stop(raw.child);
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
