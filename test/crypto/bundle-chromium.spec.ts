import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  deriveReceiptKeys,
  fromHex,
  generateCaseKeyPair,
  initCrypto,
  openFromCaseAsString,
  toHex,
} from '../../src/crypto';
import { chromiumAvailable, launchChromium } from '../support/browser';
import envelopeVectors from './fixtures/envelope-v1.json';
import blindIndexVectors from './fixtures/blind-index-v1.json';
import { FAST_KDF, LOCATION } from './helpers';

/**
 * The browser bundle in a real headless Chromium: the known-answer vectors of the server pass in
 * the page, and page and server interoperate. `.ci/run` installs Debian's chromium; without it
 * this suite fails rather than passing silently.
 */
describe('browser bundle in headless Chromium', () => {
  const root = join(__dirname, '..', '..');
  let dir: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    expect(chromiumAvailable()).toBe(true);
    await initCrypto();
    dir = mkdtempSync(join(tmpdir(), 'corridor-bundle-chromium-'));
    const bundle = join(dir, 'corridor-crypto.js');
    execFileSync(process.execPath, [join(root, 'scripts', 'build-crypto-bundle.js'), '--outfile', bundle], {
      stdio: 'pipe',
    });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><title>corridor</title>');
    await page.addScriptTag({ path: bundle });
    await page.evaluate(() =>
      (
        globalThis as unknown as { CorridorCrypto: { initCrypto(): Promise<void> } }
      ).CorridorCrypto.initCrypto(),
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens every envelope known-answer vector to its plaintext', async () => {
    const results = await page.evaluate((fixture) => {
      const C = (globalThis as unknown as { CorridorCrypto: Record<string, (...a: unknown[]) => unknown> })
        .CorridorCrypto;
      const kp = {
        publicKey: C.fromHex(fixture.casePublicKey),
        privateKey: C.fromHex(fixture.casePrivateKey),
      };
      return fixture.vectors.map((v) => C.openFromCaseAsString(kp, C.fromHex(v.envelope), fixture.location));
    }, envelopeVectors);
    expect(results).toEqual(envelopeVectors.vectors.map((v) => v.utf8));
  });

  it('computes every blind-index known answer', async () => {
    const results = await page.evaluate((fixture) => {
      const C = (globalThis as unknown as { CorridorCrypto: Record<string, (...a: unknown[]) => unknown> })
        .CorridorCrypto;
      const key = C.fromHex(fixture.key);
      return fixture.vectors.map((v: { kind: string; value: string; bits?: number }) =>
        C.blindIndex(key, v.kind, v.value, v.bits),
      );
    }, blindIndexVectors);
    expect(results).toEqual(blindIndexVectors.vectors.map((v: { index: number | null }) => v.index));
  });

  it('seals in the page what the server opens, with the same receipt keys', async () => {
    const caseKp = generateCaseKeyPair();
    const out = await page.evaluate(
      ({ publicKey, location, kdf }) => {
        const C = (globalThis as unknown as { CorridorCrypto: Record<string, (...a: unknown[]) => unknown> })
          .CorridorCrypto;
        const envelope = C.sealToCase(C.fromHex(publicKey), 'written in Chromium', location) as Uint8Array;
        const receipt = C.generateReceipt() as string;
        const keys = C.deriveReceiptKeys(receipt, C.fromHex('000102030405060708090a0b0c0d0e0f'), kdf) as {
          slotKey: Uint8Array;
          lookupValue: Uint8Array;
        };
        return {
          envelope: C.toHex(envelope),
          receipt,
          slotKey: C.toHex(keys.slotKey),
          lookupValue: C.toHex(keys.lookupValue),
        };
      },
      { publicKey: toHex(caseKp.publicKey), location: LOCATION, kdf: FAST_KDF },
    );
    expect(openFromCaseAsString(caseKp, fromHex(out.envelope as string), LOCATION)).toBe(
      'written in Chromium',
    );
    const server = deriveReceiptKeys(
      out.receipt as string,
      fromHex('000102030405060708090a0b0c0d0e0f'),
      FAST_KDF,
    );
    expect(out.slotKey).toBe(toHex(server.slotKey));
    expect(out.lookupValue).toBe(toHex(server.lookupValue));
  });
});
