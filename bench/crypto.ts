/**
 * Crypto benchmark: `npm run bench:crypto` (optionally `-- --quick`).
 *
 * Every operation of a report's life runs three ways in alternating rounds: the module on the
 * native backend (sodium-native, what the server runs), the module on the WebAssembly backend
 * (libsodium-wrappers-sumo, what browsers run) and bare native libsodium — raw sodium-native
 * calls doing the same cryptographic work on the same sizes (same padding bucket, same
 * associated-data length), writing into preallocated parts of one output, nothing else. Each
 * variant's BEST round is reported (the least disturbed on a shared machine). Overhead =
 * module on native / bare − 1.
 *
 * Every variant's output is checked before and after timing (the module opens what bare native
 * sealed, and the reverse); a wrong answer is counted and the run exits 1.
 */
import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  blindIndex,
  DEFAULT_PASSWORD_KDF,
  DEFAULT_RECEIPT_KDF,
  derivePasswordKeys,
  deriveReceiptKeys,
  equalBytes,
  generateCaseKeyPair,
  generateReceipt,
  generateUserKeyPair,
  hash,
  initCrypto,
  normalisePhone,
  openFromCase,
  openKeySlotChecked,
  openReporterSlotChecked,
  sealKeySlot,
  sealReporterSlot,
  sealToCase,
  sign,
  signingKeyPairFromSecret,
  sodiumVersion,
  utf8Encode,
  verifySignature,
  wipe,
  type ContentLocation,
} from '../src/crypto';
import { CryptoPool } from '../src/crypto-pool';
import { lengthPrefixed } from '../src/crypto/encoding';
import type { SodiumNative } from '../src/crypto/native-backend';
import { envelopeAssociatedData } from '../src/crypto/envelope';
import { loadCryptoBackend, withCryptoBackend, type CryptoBackendName } from '../src/crypto/sodium';
// The bare side uses the same typing of sodium-native as the module's native backend.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sn = require('sodium-native') as SodiumNative;

const quick = process.argv.includes('--quick');
// Many short rounds, best one kept: on a shared machine a short round is more often undisturbed.
const ROUNDS = quick ? 6 : 15;
const ARGON2ID = 2;

type Variant = 'native' | 'wasm' | 'bare';
const VARIANTS: Variant[] = ['native', 'wasm', 'bare'];

interface Op {
  name: string;
  module: () => unknown;
  bare: () => unknown;
  /** True when a result is right (checked for every variant before and after timing). */
  check: (result: unknown) => boolean;
  note?: string;
  budgetMs?: number;
  minIters?: number;
  rounds?: number;
  /** In the "report's life" set the < 20 % target applies to. */
  target?: boolean;
}

interface Result {
  op: Op;
  ns: Record<Variant, number>;
}
const results: Result[] = [];
let unexpected = 0;

/**
 * Nanoseconds per call of fn, looping for about `budgetMs` (at least minIters calls). Counted in
 * the process's CPU time (user + system, so the getrandom calls and the GC threads' work count),
 * not wall time: on a shared machine a round's wall time also holds the time this process
 * waited for a core, which says nothing about the code. On a quiet machine the two agree.
 */
function timeOne(fn: () => unknown, budgetMs: number, minIters: number): number {
  let iters = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let now = start;
  while (iters < minIters || now - start < budgetMs) {
    fn();
    iters++;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpuStart);
  return ((cpu.user + cpu.system) * 1e3) / iters;
}

function runVariant<T>(variant: Variant, fn: () => T): T {
  return variant === 'bare' ? fn() : withCryptoBackend(variant as CryptoBackendName, fn);
}

function verify(op: Op, variant: Variant): void {
  let ok = false;
  try {
    const result = runVariant(variant, variant === 'bare' ? op.bare : op.module);
    ok = runVariant('native', () => op.check(result));
  } catch (e) {
    console.error(`${op.name} (${variant}): ${(e as Error).message}`);
  }
  if (!ok) {
    unexpected++;
    console.error(`UNEXPECTED: ${op.name} on ${variant} gave a wrong result`);
  }
}

function measure(op: Op): void {
  const budget = op.budgetMs ?? (quick ? 30 : 60);
  const minIters = op.minIters ?? 20;
  for (const v of VARIANTS) verify(op, v);
  const best: Record<Variant, number> = { native: Infinity, wasm: Infinity, bare: Infinity };
  for (let r = 0; r < (op.rounds ?? ROUNDS); r++) {
    // Rotate the order: a variant timed right after the WebAssembly one pays for its garbage.
    for (const v of VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length])) {
      const fn = v === 'bare' ? op.bare : op.module;
      best[v] = Math.min(
        best[v],
        runVariant(v, () => timeOne(fn, budget, minIters)),
      );
    }
  }
  for (const v of VARIANTS) verify(op, v);
  results.push({ op, ns: best });
}

function fmtTime(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}
const opsPerSec = (ns: number): string => (1e9 / ns).toFixed(ns > 1e6 ? 1 : 0);

function printTable(): void {
  const header = [
    'operation',
    'native/op',
    'native ops/s',
    'wasm/op',
    'native speed-up',
    'bare native/op',
    'overhead vs bare',
    'note',
  ];
  console.log(`| ${header.join(' | ')} |`);
  console.log(
    `| ${header.map((_, i) => (i === 0 || i === header.length - 1 ? '---' : '---:')).join(' | ')} |`,
  );
  for (const { op, ns } of results) {
    const overhead = ((ns.native - ns.bare) / ns.bare) * 100;
    const flag = op.target && overhead >= 20 ? ' ✗' : '';
    console.log(
      `| ${[
        op.name,
        fmtTime(ns.native),
        opsPerSec(ns.native),
        fmtTime(ns.wasm),
        `${(ns.wasm / ns.native).toFixed(1)}×`,
        fmtTime(ns.bare),
        `${overhead.toFixed(1)} %${flag}`,
        op.note ?? '',
      ].join(' | ')} |`,
    );
  }
}

const same = (a: unknown, b: Uint8Array): boolean => a instanceof Uint8Array && equalBytes(a, b);
const newBytes = (n: number) => new Uint8Array(n);
const random = (n: number) => {
  const b = newBytes(n);
  sn.randombytes_buf(b);
  return b;
};

async function main(): Promise<void> {
  await initCrypto({ backend: 'native' });
  await loadCryptoBackend('wasm');
  const loc: ContentLocation = {
    purpose: 'report-answer',
    table: 'report_answers',
    column: 'value_sealed',
    rowId: '6f1c1a52-6f0e-4b8e-9c55-6f1d2c3b4a59',
  };
  // A typical answer set: ~2 KB of JSON (10 answers, some narrative).
  const answers = JSON.stringify(
    Array.from({ length: 10 }, (_, i) => ({
      q: `question_${i}`,
      a:
        i === 3
          ? 'Они пришли ночью, забрали телефон и брата. '.repeat(17)
          : `answer number ${i} — короткий ответ`,
    })),
  );
  const answerBytes = new TextEncoder().encode(answers);
  const bucket = 2048; // paddedLength(1993)
  const caseKp = generateCaseKeyPair();
  const user = generateUserKeyPair();
  const caseId = 'b1946ac9-2d3c-4f6b-8f6e-1f3a0c2d5e7f';

  console.log(`# Corridor crypto benchmark`);
  console.log(`date: ${new Date().toISOString()}  node ${process.version}`);
  console.log(`backends: native = ${sodiumVersion()}, wasm = ${withCryptoBackend('wasm', sodiumVersion)}`);
  console.log(
    `cpu: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}  rounds: ${ROUNDS} (best round reported, process CPU time per call)`,
  );
  console.log(`answer set: ${answerBytes.length} bytes UTF-8 (padded to ${bucket})\n`);

  // --- envelope: seal to the case, open
  const envelope = sealToCase(caseKp.publicKey, answerBytes, loc);
  const envelopeAd = envelopeAssociatedData(loc, envelope.subarray(1, 81));
  const opensToAnswers = (env: unknown) =>
    env instanceof Uint8Array && same(openFromCase(caseKp, env, loc), answerBytes);
  measure({
    name: `sealToCase (${answerBytes.length} B answer set)`,
    target: true,
    module: () => sealToCase(caseKp.publicKey, answerBytes, loc),
    bare: () => {
      const out = newBytes(1 + 80 + 24 + bucket + 16);
      out[0] = 1;
      const dk = random(32);
      const sealedKey = out.subarray(1, 81);
      sn.crypto_box_seal(sealedKey, dk, caseKp.publicKey);
      const nonce = out.subarray(81, 105);
      sn.randombytes_buf(nonce);
      const padded = newBytes(bucket);
      padded.set(answerBytes);
      sn.sodium_pad(padded, answerBytes.length, bucket);
      const ad = envelopeAd.slice(); // the AD ends with the sealed key, which is new each time
      ad.set(sealedKey, ad.length - 80);
      sn.crypto_aead_xchacha20poly1305_ietf_encrypt(out.subarray(105), padded, ad, null, nonce, dk);
      sn.sodium_memzero(dk);
      sn.sodium_memzero(padded);
      return out;
    },
    check: opensToAnswers,
    note: 'bare: box_seal of the data key + XChaCha20-Poly1305 of the 2,048 B bucket with the same AD',
  });
  measure({
    name: 'openFromCase (same envelope)',
    target: true,
    module: () => openFromCase(caseKp, envelope, loc),
    bare: () => {
      const dk = newBytes(32);
      if (!sn.crypto_box_seal_open(dk, envelope.subarray(1, 81), caseKp.publicKey, caseKp.privateKey))
        return null;
      const padded = newBytes(bucket);
      sn.crypto_aead_xchacha20poly1305_ietf_decrypt(
        padded,
        null,
        envelope.subarray(105),
        envelopeAd,
        envelope.subarray(81, 105),
        dk,
      );
      sn.sodium_memzero(dk);
      const plain = padded.slice(0, sn.sodium_unpad(padded, bucket, bucket));
      sn.sodium_memzero(padded);
      return plain;
    },
    check: (r) => same(r, answerBytes),
  });

  // --- key slots: seal to the recipients, open
  const bindingMessage = lengthPrefixed(['corridor/key-slot', caseId]);
  const slot = sealKeySlot(caseKp.privateKey, user.publicKey, caseId);
  const opensToCaseKey = (s: unknown) =>
    s instanceof Uint8Array &&
    same(openKeySlotChecked(s, user, caseId, caseKp.publicKey).privateKey, caseKp.privateKey);
  measure({
    name: 'sealKeySlot (one recipient)',
    target: true,
    module: () => sealKeySlot(caseKp.privateKey, user.publicKey, caseId),
    bare: () => {
      const message = newBytes(64);
      sn.crypto_generichash(message.subarray(0, 32), bindingMessage);
      message.set(caseKp.privateKey, 32);
      const out = newBytes(113);
      out[0] = 1;
      sn.crypto_box_seal(out.subarray(1), message, user.publicKey);
      sn.sodium_memzero(message);
      return out;
    },
    check: opensToCaseKey,
    note: 'bare: BLAKE2b case binding + box_seal',
  });
  measure({
    name: 'openKeySlot (checked against the case public key)',
    target: true,
    module: () => openKeySlotChecked(slot, user, caseId, caseKp.publicKey).privateKey,
    bare: () => {
      const message = newBytes(64);
      if (!sn.crypto_box_seal_open(message, slot.subarray(1), user.publicKey, user.privateKey)) return null;
      const binding = newBytes(32);
      sn.crypto_generichash(binding, bindingMessage);
      const publicKey = newBytes(32);
      sn.crypto_scalarmult_base(publicKey, message.subarray(32));
      if (
        !sn.sodium_memcmp(binding, message.subarray(0, 32)) ||
        !sn.sodium_memcmp(publicKey, caseKp.publicKey)
      ) {
        return null;
      }
      const privateKey = message.slice(32);
      sn.sodium_memzero(message);
      return privateKey;
    },
    check: (r) => same(r, caseKp.privateKey),
    note: 'both: box_seal_open, binding check, X25519 base mult to check the case key',
  });
  const slotKey = random(32);
  const reporterAd = new Uint8Array([1, ...lengthPrefixed(['corridor/reporter-slot', caseId])]);
  const reporterSlot = sealReporterSlot(caseKp.privateKey, slotKey, caseId);
  measure({
    name: 'sealReporterSlot',
    target: true,
    module: () => sealReporterSlot(caseKp.privateKey, slotKey, caseId),
    bare: () => {
      const out = newBytes(73);
      out[0] = 1;
      const nonce = out.subarray(1, 25);
      sn.randombytes_buf(nonce);
      sn.crypto_aead_xchacha20poly1305_ietf_encrypt(
        out.subarray(25),
        caseKp.privateKey,
        reporterAd,
        null,
        nonce,
        slotKey,
      );
      return out;
    },
    check: (s) =>
      s instanceof Uint8Array &&
      same(openReporterSlotChecked(s, slotKey, caseId, caseKp.publicKey).privateKey, caseKp.privateKey),
  });
  measure({
    name: 'openReporterSlot (checked)',
    target: true,
    module: () => openReporterSlotChecked(reporterSlot, slotKey, caseId, caseKp.publicKey).privateKey,
    bare: () => {
      const privateKey = newBytes(32);
      sn.crypto_aead_xchacha20poly1305_ietf_decrypt(
        privateKey,
        null,
        reporterSlot.subarray(25),
        reporterAd,
        reporterSlot.subarray(1, 25),
        slotKey,
      );
      const publicKey = newBytes(32);
      sn.crypto_scalarmult_base(publicKey, privateKey);
      return sn.sodium_memcmp(publicKey, caseKp.publicKey) ? privateKey : null;
    },
    check: (r) => same(r, caseKp.privateKey),
    note: 'both: XChaCha20-Poly1305 + X25519 base mult',
  });

  // --- receipts
  const receiptSalt = random(16);
  const receipt = generateReceipt();
  const receiptBytes = utf8Encode(receipt.replace(/ /g, ''));
  const expectedReceipt = deriveReceiptKeys(receipt, receiptSalt);
  const rcptContext = utf8Encode('CorrRcpt');
  measure({
    name: `deriveReceiptKeys (Argon2id t=${DEFAULT_RECEIPT_KDF.opsLimit}, m=${DEFAULT_RECEIPT_KDF.memLimitBytes >> 20} MiB)`,
    target: true,
    module: () => deriveReceiptKeys(receipt, receiptSalt).slotKey,
    bare: () => {
      const master = newBytes(32);
      sn.crypto_pwhash(
        master,
        receiptBytes,
        receiptSalt,
        DEFAULT_RECEIPT_KDF.opsLimit,
        DEFAULT_RECEIPT_KDF.memLimitBytes,
        ARGON2ID,
      );
      const slot = newBytes(32);
      const lookup = newBytes(32);
      sn.crypto_kdf_derive_from_key(slot, 1, rcptContext, master);
      sn.crypto_kdf_derive_from_key(lookup, 2, rcptContext, master);
      sn.sodium_memzero(master);
      return slot;
    },
    check: (r) => same(r, expectedReceipt.slotKey),
    budgetMs: 0,
    minIters: quick ? 3 : 8,
    rounds: quick ? 2 : 3,
  });

  // --- blind index
  const biKey = random(32);
  const phone = '+7 (912) 345-67-89';
  const expectedIndex = blindIndex(biKey, 'phone', phone);
  const bareBlindIndex = (message: Uint8Array): number => {
    const state = newBytes(384);
    const digest = newBytes(8);
    sn.crypto_generichash_init(state, biKey, 8);
    sn.crypto_generichash_update(state, message);
    sn.crypto_generichash_final(state, digest);
    return (((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0) >>> 16;
  };
  const phoneMessage = utf8Encode('corridor/bi1\u0001' + normalisePhone(phone));
  measure({
    name: 'blindIndex (phone, 16 bits)',
    module: () => blindIndex(biKey, 'phone', phone),
    bare: () => bareBlindIndex(phoneMessage),
    check: (r) => r === expectedIndex,
    note: 'bare: BLAKE2b-64 of the already normalised number (the module parses the typed number)',
  });
  measure({
    name: 'blindIndex vs bare + normalisation',
    target: true,
    module: () => blindIndex(biKey, 'phone', phone),
    bare: () => bareBlindIndex(utf8Encode('corridor/bi1\u0001' + normalisePhone(phone))),
    check: (r) => r === expectedIndex,
    note: 'like-for-like: the bare side also normalises the typed number',
  });

  // --- signatures, hash
  const signer = signingKeyPairFromSecret(random(32));
  const checkpoint = random(128);
  const signature = sign(checkpoint, signer.privateKey);
  measure({
    name: 'sign (128 B checkpoint)',
    target: true,
    module: () => sign(checkpoint, signer.privateKey),
    bare: () => {
      const sig = newBytes(64);
      sn.crypto_sign_detached(sig, checkpoint, signer.privateKey);
      return sig;
    },
    check: (r) => same(r, signature), // Ed25519 is deterministic
  });
  measure({
    name: 'verifySignature',
    module: () => verifySignature(signature, checkpoint, signer.publicKey),
    bare: () => sn.crypto_sign_verify_detached(signature, checkpoint, signer.publicKey),
    check: (r) => r === true,
  });
  const entry = random(512);
  const entryHash = hash(entry);
  measure({
    name: 'hash (512 B audit entry)',
    module: () => hash(entry),
    bare: () => {
      const out = newBytes(32);
      sn.crypto_generichash(out, entry);
      return out;
    },
    check: (r) => same(r, entryHash),
  });

  // --- password KDF
  const password = 'correct horse battery staple';
  const expectedPassword = derivePasswordKeys(password, receiptSalt);
  const passContext = utf8Encode('CorrPass');
  measure({
    name: `derivePasswordKeys (Argon2id t=${DEFAULT_PASSWORD_KDF.opsLimit}, m=${DEFAULT_PASSWORD_KDF.memLimitBytes >> 20} MiB)`,
    module: () => derivePasswordKeys(password, receiptSalt).verifier,
    bare: () => {
      const master = newBytes(32);
      sn.crypto_pwhash(
        master,
        utf8Encode(password),
        receiptSalt,
        DEFAULT_PASSWORD_KDF.opsLimit,
        DEFAULT_PASSWORD_KDF.memLimitBytes,
        ARGON2ID,
      );
      const verifier = newBytes(32);
      const wrapping = newBytes(32);
      sn.crypto_kdf_derive_from_key(verifier, 1, passContext, master);
      sn.crypto_kdf_derive_from_key(wrapping, 2, passContext, master);
      sn.sodium_memzero(master);
      return verifier;
    },
    check: (r) => same(r, expectedPassword.verifier),
    budgetMs: 0,
    minIters: quick ? 2 : 4,
    rounds: quick ? 2 : 3,
  });

  printTable();
  await poolSection(receipt, receiptSalt, expectedReceipt.slotKey);

  const maxRssKiB = process.resourceUsage().maxRSS;
  console.log(`\npeak RSS (process.resourceUsage().maxRSS): ${(maxRssKiB / 1024).toFixed(0)} MiB`);
  console.log(`unexpected results: ${unexpected}`);
  wipe(slotKey, biKey);
  if (unexpected > 0) process.exit(1);
}

/**
 * Receipt derivations off the event loop, three ways: the CryptoPool (worker threads, nice 10,
 * bounded queue) on each backend, and sodium-native's crypto_pwhash_async on libuv's thread pool
 * (no per-thread nice value, shares the pool with fs/dns/zlib, sized only by UV_THREADPOOL_SIZE
 * for the whole process). Throughput and the event loop's p99 delay while they run.
 */
async function poolSection(receipt: string, salt: Uint8Array, expectedSlotKey: Uint8Array): Promise<void> {
  console.log('\n## Receipt KDF off the event loop (default params)\n');
  const tasks = quick ? 24 : 60;
  const rows: string[] = [];
  const time = async (label: string, threads: number, run: () => Promise<Uint8Array[]>) => {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const t = performance.now();
    const keys = await run();
    const ms = performance.now() - t;
    delay.disable();
    const wrong = keys.filter((k) => !equalBytes(k, expectedSlotKey)).length + (tasks - keys.length);
    unexpected += wrong;
    rows.push(
      `| ${label} | ${threads} | ${tasks} | ${((tasks / ms) * 1000).toFixed(1)} | ${(delay.percentile(99) / 1e6).toFixed(1)} ms | ${wrong} |`,
    );
  };
  for (const backend of ['native', 'wasm'] as const) {
    for (const size of [1, 2]) {
      const pool = new CryptoPool({ size, niceness: 10, maxQueue: tasks, backend });
      await Promise.all(Array.from({ length: size }, () => pool.deriveReceiptKeys(receipt, salt)));
      await time(`CryptoPool, ${backend}`, size, () =>
        Promise.all(
          Array.from({ length: tasks }, async () => (await pool.deriveReceiptKeys(receipt, salt)).slotKey),
        ),
      );
      await pool.close();
    }
  }
  const receiptBytes = utf8Encode(receipt.replace(/ /g, ''));
  const context = utf8Encode('CorrRcpt');
  for (const concurrency of [1, 2]) {
    await time('crypto_pwhash_async (libuv pool), native', concurrency, async () => {
      const out: Uint8Array[] = [];
      let started = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (started++ < tasks) {
            const master = newBytes(32);
            await sn.crypto_pwhash_async(
              master,
              receiptBytes,
              salt,
              DEFAULT_RECEIPT_KDF.opsLimit,
              DEFAULT_RECEIPT_KDF.memLimitBytes,
              ARGON2ID,
            );
            const slot = newBytes(32);
            sn.crypto_kdf_derive_from_key(slot, 1, context, master);
            out.push(slot);
          }
        }),
      );
      return out;
    });
  }
  console.log('| way | threads | tasks | receipts/s | event-loop delay p99 | wrong |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
