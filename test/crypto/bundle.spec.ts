import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import {
  deriveReceiptKeys,
  fromHex,
  generateCaseKeyPair,
  initCrypto,
  openFromCaseAsString,
  sealToCase,
  toHex,
} from '../../src/crypto';
import { FAST_KDF, LOCATION } from './helpers';

/*
 * The browser bundle in a bare JavaScript context (bundle-chromium.spec.ts runs it in a real page):
 * a fresh Node `vm` context that has only what a page has (no require, no process,
 * no Buffer): Web Crypto's getRandomValues, TextEncoder/TextDecoder, WebAssembly (built in).
 */
const root = join(__dirname, '..', '..');
const srcDir = join(root, 'src', 'crypto');

beforeAll(() => initCrypto());

/** The Node side of the native backend: left out of the browser bundle (see the bundle tests). */
const NODE_ONLY_FILES: Record<string, string[]> = {
  'native-loader.ts': ['sodium-native', 'sodium-native/package.json'],
  'native-backend.ts': [],
};

describe('src/crypto stays browser-safe', () => {
  it('imports nothing but libsodium and its own files; only the native backend uses Node', () => {
    for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
      const code = readFileSync(join(srcDir, file), 'utf8');
      const nodeOnly = NODE_ONLY_FILES[file];
      for (const m of code.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)) {
        const allowed = m[1].startsWith('./') || (nodeOnly ?? ['libsodium-wrappers-sumo']).includes(m[1]);
        expect([file, m[1], allowed]).toEqual([file, m[1], true]);
      }
      if (nodeOnly) continue;
      expect([
        file,
        /\b(Buffer|process|__dirname|require)\b/.test(code.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')),
      ]).toEqual([file, false]);
    }
  });

  it('the Node-only files are reached only through native-loader.ts, which the bundle replaces', () => {
    const importers = (target: string) =>
      readdirSync(srcDir)
        .filter((f) => f.endsWith('.ts'))
        .filter((f) => new RegExp(`from '\\./${target}'`).test(readFileSync(join(srcDir, f), 'utf8')));
    expect(importers('native-backend')).toEqual(['native-loader.ts']);
    expect(importers('native-loader').sort()).toEqual(['native-loader.browser.ts', 'sodium.ts']);
    expect(readFileSync(join(root, 'scripts', 'build-crypto-bundle.js'), 'utf8')).toContain(
      'native-loader.browser.ts',
    );
  });
});

describe('browser bundle (public/corridor-crypto.js)', () => {
  let dir: string;
  let context: vm.Context;
  let code: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'corridor-bundle-'));
    const outfile = join(dir, 'corridor-crypto.js');
    execFileSync(process.execPath, [join(root, 'scripts', 'build-crypto-bundle.js'), '--outfile', outfile], {
      cwd: root,
      stdio: 'pipe',
    });
    code = readFileSync(outfile, 'utf8');
    expect(code).not.toMatch(/\brequire\(["']/); // nothing left for a page to resolve
    context = vm.createContext({ crypto: globalThis.crypto, TextEncoder, TextDecoder });
    vm.runInContext('globalThis.window = globalThis;', context);
    vm.runInContext(code, context, { filename: 'corridor-crypto.js' });
  }, 60_000);

  afterAll(() => {
    if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  });

  it('contains no native code and no Node import: the native backend is swapped for its stand-in', () => {
    expect(code).toContain('native libsodium is not available in a browser'); // the stand-in
    for (const nodeOnly of [
      /\brequire\(/, // CommonJS loading of anything
      /\bimport\(/,
      /["']node:/, // a Node built-in
      /process\.dlopen|\.node["']/, // loading a compiled addon
      /require-addon|which-runtime|sodium-native\/package\.json/, // sodium-native's own loader
      /sodium_malloc|sodium_memzero|trackAllocations|isSecureMemory/, // the native adapter
      /\x7fELF/, // an embedded shared object
    ]) {
      expect([String(nodeOnly), nodeOnly.test(code)]).toEqual([String(nodeOnly), false]);
    }
  });

  it('contains no regex lookbehind, which Safari < 16.4 cannot parse (one breaks the whole bundle)', () => {
    expect(code.length).toBeGreaterThan(100_000);
    expect(code.includes('(?<')).toBe(false);
    // Nor does the source (a lookbehind anywhere in src/crypto would end up in the bundle).
    for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
      const src = readFileSync(join(srcDir, file), 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
      expect([file, src.includes('(?<')]).toEqual([file, false]);
    }
  });

  const run = <T>(source: string): Promise<T> =>
    vm.runInContext(`(async (C) => { ${source} })(CorridorCrypto)`, context);

  it('defines the CorridorCrypto global with the public API', async () => {
    const names = await run<string[]>('return Object.keys(C).sort();');
    for (const fn of [
      'initCrypto',
      'sealToCase',
      'openFromCase',
      'deriveReceiptKeys',
      'blindIndex',
      'CryptoError',
    ]) {
      expect(names).toContain(fn);
    }
    expect(names).not.toContain('sealToCaseWith'); // internal, not exported
  });

  it('throws NOT_INITIALISED before init, then round-trips inside the page', async () => {
    const code = await run<string>(
      `try { C.generateCaseKeyPair(); return 'no error'; } catch (e) { return e.code; }`,
    );
    expect(code).toBe('NOT_INITIALISED');
    const text = await run<string>(`
      await C.initCrypto();
      const kp = C.generateCaseKeyPair();
      const loc = { purpose: 'report-answer', table: 't', column: 'c', rowId: 'r' };
      const env = C.sealToCase(kp.publicKey, 'Шалом, 🙂', loc);
      return C.openFromCaseAsString(kp, env, loc);`);
    expect(text).toBe('Шалом, 🙂');
    expect(await run<string>('return C.cryptoBackend();')).toBe('wasm'); // auto, in a page
  });

  it('interoperates with the server: page seals → server opens, and the same receipt keys', async () => {
    const caseKp = generateCaseKeyPair();
    const out = await run<{ envelope: string; slotKey: string; lookupValue: string; receipt: string }>(`
      await C.initCrypto();
      const env = C.sealToCase(C.fromHex('${toHex(caseKp.publicKey)}'), 'sealed in the browser', ${JSON.stringify(LOCATION)});
      const receipt = C.generateReceipt();
      const k = C.deriveReceiptKeys(receipt, C.fromHex('000102030405060708090a0b0c0d0e0f'), ${JSON.stringify(FAST_KDF)});
      return { envelope: C.toHex(env), slotKey: C.toHex(k.slotKey), lookupValue: C.toHex(k.lookupValue), receipt };`);
    expect(openFromCaseAsString(caseKp, fromHex(out.envelope), LOCATION)).toBe('sealed in the browser');
    const server = deriveReceiptKeys(out.receipt, fromHex('000102030405060708090a0b0c0d0e0f'), FAST_KDF);
    expect(out.slotKey).toBe(toHex(server.slotKey));
    expect(out.lookupValue).toBe(toHex(server.lookupValue));
    // And the other way: the server seals, the page opens.
    const env = sealToCase(caseKp.publicKey, 'from the server', LOCATION);
    const opened = await run<string>(`
      const kp = { publicKey: C.fromHex('${toHex(caseKp.publicKey)}'), privateKey: C.fromHex('${toHex(caseKp.privateKey)}') };
      return C.openFromCaseAsString(kp, C.fromHex('${toHex(env)}'), ${JSON.stringify(LOCATION)});`);
    expect(opened).toBe('from the server');
  });
});
