/**
 * Crypto benchmark: `npm run bench:crypto` (optionally `-- --quick`).
 *
 * For each operation, the module function and the bare libsodium calls it is built on run in
 * alternating rounds; each side's BEST round is reported (the least disturbed by other processes
 * on a shared machine). Overhead = module / bare − 1.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  blindIndex,
  DEFAULT_PASSWORD_KDF,
  DEFAULT_RECEIPT_KDF,
  derivePasswordKeys,
  deriveReceiptKeys,
  generateCaseKeyPair,
  generateReceipt,
  generateSigningKeyPair,
  generateUserKeyPair,
  hash,
  initCrypto,
  normalisePhone,
  openFromCase,
  openKeySlot,
  openReporterSlot,
  sealKeySlot,
  sealReporterSlot,
  sealToCase,
  sign,
  sodiumVersion,
  verifySignature,
  type ContentLocation,
} from '../src/crypto';
import { CryptoPool } from '../src/crypto-pool';
import { sodium } from '../src/crypto/sodium';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 5;

interface Result {
  name: string;
  moduleNs: number;
  bareNs?: number;
  note?: string;
}
const results: Result[] = [];

/** Nanoseconds per call of fn, looping for about `budgetMs` (at least minIters calls). */
function timeOne(fn: () => unknown, budgetMs: number, minIters: number): number {
  let iters = 0;
  const start = performance.now();
  let now = start;
  while (iters < minIters || now - start < budgetMs) {
    fn();
    iters++;
    now = performance.now();
  }
  return ((now - start) * 1e6) / iters;
}

function compare(
  name: string,
  moduleFn: () => unknown,
  bareFn: (() => unknown) | undefined,
  opts: { budgetMs?: number; minIters?: number; note?: string } = {},
): void {
  const budget = opts.budgetMs ?? (quick ? 100 : 300);
  const minIters = opts.minIters ?? 20;
  moduleFn();
  bareFn?.();
  let bestModule = Infinity;
  let bestBare = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    bestModule = Math.min(bestModule, timeOne(moduleFn, budget, minIters));
    if (bareFn) bestBare = Math.min(bestBare, timeOne(bareFn, budget, minIters));
  }
  results.push({ name, moduleNs: bestModule, bareNs: bareFn ? bestBare : undefined, note: opts.note });
}

function fmtTime(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}
const opsPerSec = (ns: number): string => (1e9 / ns).toFixed(ns > 1e6 ? 1 : 0);

function printTable(): void {
  const rows = results.map((r) => [
    r.name,
    fmtTime(r.moduleNs),
    opsPerSec(r.moduleNs),
    r.bareNs !== undefined ? fmtTime(r.bareNs) : '—',
    r.bareNs !== undefined ? opsPerSec(r.bareNs) : '—',
    r.bareNs !== undefined ? `${(((r.moduleNs - r.bareNs) / r.bareNs) * 100).toFixed(1)} %` : '—',
    r.note ?? '',
  ]);
  const header = ['operation', 'module/op', 'module ops/s', 'bare/op', 'bare ops/s', 'overhead', 'note'];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map((h, i) => (i === 0 || i === 6 ? '---' : '---:')).join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

async function main(): Promise<void> {
  await initCrypto();
  const s = sodium();
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
  const caseKp = generateCaseKeyPair();
  const user = generateUserKeyPair();
  const caseId = 'b1946ac9-2d3c-4f6b-8f6e-1f3a0c2d5e7f';

  console.log(`# Corridor crypto benchmark`);
  console.log(`date: ${new Date().toISOString()}  node ${process.version}  libsodium ${sodiumVersion()}`);
  console.log(
    `cpu: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}  rounds: ${ROUNDS} (best round reported)`,
  );
  console.log(`answer set: ${answerBytes.length} bytes UTF-8\n`);

  // --- envelope
  const envelope = sealToCase(caseKp.publicKey, answerBytes, loc);
  compare(
    `sealToCase (${answerBytes.length} B answer set)`,
    () => sealToCase(caseKp.publicKey, answerBytes, loc),
    () => {
      const dk = s.randombytes_buf(32);
      s.crypto_box_seal(dk, caseKp.publicKey);
      s.crypto_aead_xchacha20poly1305_ietf_encrypt(answerBytes, null, null, s.randombytes_buf(24), dk);
    },
    { note: 'bare: seal + XChaCha20 of the unpadded bytes, no AD' },
  );
  const bareSealedKey = s.crypto_box_seal(s.randombytes_buf(32), caseKp.publicKey);
  const bareKey = s.crypto_box_seal_open(bareSealedKey, caseKp.publicKey, caseKp.privateKey);
  const bareNonce = s.randombytes_buf(24);
  const bareCt = s.crypto_aead_xchacha20poly1305_ietf_encrypt(answerBytes, null, null, bareNonce, bareKey);
  compare(
    'openFromCase (same envelope)',
    () => openFromCase(caseKp, envelope, loc),
    () => {
      const dk = s.crypto_box_seal_open(bareSealedKey, caseKp.publicKey, caseKp.privateKey);
      s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bareCt, null, bareNonce, dk);
    },
  );

  // --- key slots
  const slot = sealKeySlot(caseKp.privateKey, user.publicKey, caseId);
  const bareSlotMsg = new Uint8Array(64);
  const bareSlot = s.crypto_box_seal(bareSlotMsg, user.publicKey);
  compare(
    'sealKeySlot',
    () => sealKeySlot(caseKp.privateKey, user.publicKey, caseId),
    () => s.crypto_box_seal(bareSlotMsg, user.publicKey),
  );
  compare(
    'openKeySlot',
    () => openKeySlot(slot, user, caseId),
    () => s.crypto_box_seal_open(bareSlot, user.publicKey, user.privateKey),
    { note: 'module also derives the case public key (X25519 base mult) and checks the case binding' },
  );
  compare(
    'openKeySlot vs bare + public-key derivation',
    () => openKeySlot(slot, user, caseId),
    () => {
      const m = s.crypto_box_seal_open(bareSlot, user.publicKey, user.privateKey);
      s.crypto_scalarmult_base(m.subarray(32));
    },
    { note: 'like-for-like: the bare side also derives the public key' },
  );
  const slotKey = s.randombytes_buf(32);
  const reporterSlot = sealReporterSlot(caseKp.privateKey, slotKey, caseId);
  const rNonce = s.randombytes_buf(24);
  const bareReporter = s.crypto_aead_xchacha20poly1305_ietf_encrypt(
    caseKp.privateKey,
    null,
    null,
    rNonce,
    slotKey,
  );
  compare(
    'sealReporterSlot',
    () => sealReporterSlot(caseKp.privateKey, slotKey, caseId),
    () =>
      s.crypto_aead_xchacha20poly1305_ietf_encrypt(
        caseKp.privateKey,
        null,
        null,
        s.randombytes_buf(24),
        slotKey,
      ),
  );
  compare(
    'openReporterSlot',
    () => openReporterSlot(reporterSlot, slotKey, caseId),
    () => s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bareReporter, null, rNonce, slotKey),
    { note: 'module also derives the case public key (X25519 base mult)' },
  );
  compare(
    'openReporterSlot vs bare + public-key derivation',
    () => openReporterSlot(reporterSlot, slotKey, caseId),
    () =>
      s.crypto_scalarmult_base(
        s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bareReporter, null, rNonce, slotKey),
      ),
    { note: 'like-for-like' },
  );

  // --- blind index, signatures, hash
  const biKey = s.randombytes_buf(32);
  const phoneBytes = new TextEncoder().encode('corridor/bi1\u0001+79123456789');
  compare(
    'blindIndex (phone)',
    () => blindIndex(biKey, 'phone', '+7 (912) 345-67-89'),
    () => s.crypto_generichash(8, phoneBytes, biKey),
  );
  compare(
    'blindIndex vs bare + normalisation',
    () => blindIndex(biKey, 'phone', '+7 (912) 345-67-89'),
    () =>
      s.crypto_generichash(
        8,
        new TextEncoder().encode('corridor/bi1\u0001' + normalisePhone('+7 (912) 345-67-89')),
        biKey,
      ),
    { note: 'like-for-like: the bare side also normalises the number' },
  );
  const signer = generateSigningKeyPair();
  const checkpoint = s.randombytes_buf(128);
  const sig = sign(checkpoint, signer.privateKey);
  compare(
    'sign (128 B checkpoint)',
    () => sign(checkpoint, signer.privateKey),
    () => s.crypto_sign_detached(checkpoint, signer.privateKey),
  );
  compare(
    'verifySignature',
    () => verifySignature(sig, checkpoint, signer.publicKey),
    () => s.crypto_sign_verify_detached(sig, checkpoint, signer.publicKey),
  );
  const entry = s.randombytes_buf(512);
  compare(
    'hash (512 B audit entry)',
    () => hash(entry),
    () => s.crypto_generichash(32, entry, null),
  );

  // --- Argon2id
  const salt = s.randombytes_buf(16);
  const receipt = generateReceipt();
  const kdfIters = quick ? 3 : 10;
  compare(
    `Argon2id receipt KDF (t=${DEFAULT_RECEIPT_KDF.opsLimit}, m=${DEFAULT_RECEIPT_KDF.memLimitBytes >> 20} MiB)`,
    () => deriveReceiptKeys(receipt, salt),
    () =>
      s.crypto_pwhash(
        32,
        receipt.replace(/ /g, ''),
        salt,
        DEFAULT_RECEIPT_KDF.opsLimit,
        DEFAULT_RECEIPT_KDF.memLimitBytes,
        s.crypto_pwhash_ALG_ARGON2ID13,
      ),
    { budgetMs: 0, minIters: kdfIters },
  );
  compare(
    `Argon2id password KDF (t=${DEFAULT_PASSWORD_KDF.opsLimit}, m=${DEFAULT_PASSWORD_KDF.memLimitBytes >> 20} MiB)`,
    () => derivePasswordKeys('correct horse battery staple', salt),
    () =>
      s.crypto_pwhash(
        32,
        'correct horse battery staple',
        salt,
        DEFAULT_PASSWORD_KDF.opsLimit,
        DEFAULT_PASSWORD_KDF.memLimitBytes,
        s.crypto_pwhash_ALG_ARGON2ID13,
      ),
    { budgetMs: 0, minIters: quick ? 2 : 5 },
  );

  // --- one whole report
  const smallAnswers = Array.from({ length: 10 }, (_, i) =>
    new TextEncoder().encode(`answer ${i}: ${'подробности '.repeat(i === 3 ? 60 : 8)}`),
  );
  const triagers = Array.from({ length: 5 }, () => generateUserKeyPair().publicKey);
  const recovery = generateUserKeyPair().publicKey;
  compare(
    'one whole report (case key, 5 triager + recovery slots, 10 answers)',
    () => {
      const kp = generateCaseKeyPair();
      for (const t of triagers) sealKeySlot(kp.privateKey, t, caseId);
      sealKeySlot(kp.privateKey, recovery, caseId);
      smallAnswers.forEach((a, i) => sealToCase(kp.publicKey, a, { ...loc, rowId: `row-${i}` }));
      s.memzero(kp.privateKey);
    },
    () => {
      const kp = s.crypto_box_keypair();
      for (const t of [...triagers, recovery]) s.crypto_box_seal(kp.privateKey, t);
      for (const a of smallAnswers) {
        const dk = s.randombytes_buf(32);
        s.crypto_box_seal(dk, kp.publicKey);
        s.crypto_aead_xchacha20poly1305_ietf_encrypt(a, null, null, s.randombytes_buf(24), dk);
      }
    },
    { note: 'add one receipt KDF (above) for the reporter slot' },
  );

  printTable();

  // --- pool throughput
  console.log('\n## CryptoPool throughput, receipt KDF (default params)\n');
  const tasks = quick ? 8 : 24;
  const direct = (() => {
    const t = performance.now();
    for (let i = 0; i < tasks / 2; i++) deriveReceiptKeys(receipt, salt);
    return (tasks / 2 / (performance.now() - t)) * 1000;
  })();
  console.log('| threads | tasks | wall time | receipts/s | vs. main thread |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  console.log(`| main thread (no pool) | ${tasks / 2} | — | ${direct.toFixed(1)} | 1.00× |`);
  for (const size of [1, 2, 4]) {
    const pool = new CryptoPool({ size });
    await Promise.all(Array.from({ length: size }, () => pool.deriveReceiptKeys(receipt, salt))); // warm up
    const t = performance.now();
    await Promise.all(Array.from({ length: tasks }, () => pool.deriveReceiptKeys(receipt, salt)));
    const ms = performance.now() - t;
    const rate = (tasks / ms) * 1000;
    console.log(
      `| ${size} | ${tasks} | ${ms.toFixed(0)} ms | ${rate.toFixed(1)} | ${(rate / direct).toFixed(2)}× |`,
    );
    await pool.close();
  }

  const maxRssKiB = process.resourceUsage().maxRSS;
  console.log(`\npeak RSS (process.resourceUsage().maxRSS): ${(maxRssKiB / 1024).toFixed(0)} MiB`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
