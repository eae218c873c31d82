/**
 * Generates the known-answer vectors in test/crypto/fixtures/ from fixed inputs:
 *   node scripts/run-ts.js scripts/make-crypto-vectors.ts                      (every file)
 *   node scripts/run-ts.js scripts/make-crypto-vectors.ts user-keys-v1.json    (only those named)
 * Run it ONLY when a format is changed on purpose (and bump the format version), or with file
 * names to ADD a new vector file: the vectors exist so that an accidental change of any byte
 * layout, domain string, KDF split or padding rule makes test/crypto/vectors.spec.ts fail.
 * (sessions-v1.json holds a wrapped key made with a random nonce: regenerating it gives other,
 * equally valid bytes; the fixed-nonce session vectors are in sessions-binding-v1.json.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  blindIndex,
  derivePasswordKeys,
  deriveReceiptKeys,
  hash,
  hashSessionToken,
  initCrypto,
  receiptLookupId,
  toHex,
  unwrapForSession,
  wrapForSession,
  type BlindIndexKind,
  type ContentLocation,
} from '../src/crypto';
import { sealToCaseWith } from '../src/crypto/envelope';
import { sealKeySlotWith, sealReporterSlotWith } from '../src/crypto/key-slots';
import { wrapForSessionWith } from '../src/crypto/sessions';
import { sodium } from '../src/crypto/sodium';
import { encryptWithKeyWith } from '../src/crypto/symmetric';
import { wrapUserPrivateKeyWith } from '../src/crypto/user-keys';

/** Deterministic test bytes: start, start+1, … (mod 256). */
export function fixedBytes(length: number, start: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);
}

export const VECTOR_LOCATION: ContentLocation = {
  purpose: 'report-answer',
  table: 'report_answers',
  column: 'value_sealed',
  rowId: '6f1c1a52-6f0e-4b8e-9c55-6f1d2c3b4a59',
};

const fixturesDir = join(__dirname, '..', 'test', 'crypto', 'fixtures');

const only = process.argv.slice(2).filter((a) => a.endsWith('.json'));

function write(name: string, data: unknown): void {
  if (only.length > 0 && !only.includes(name)) return;
  writeFileSync(join(fixturesDir, name), JSON.stringify(data, null, 2) + '\n');
  console.log(`wrote test/crypto/fixtures/${name}`);
}

async function main(): Promise<void> {
  await initCrypto();
  const s = sodium();
  const caseSeed = fixedBytes(32, 0x10);
  const caseKp = s.crypto_box_seed_keypair(caseSeed);

  const plaintexts = [
    { name: 'empty', utf8: '' },
    { name: 'short', utf8: 'Detained on 12 March, held at the district police station.' },
    { name: 'unicode', utf8: 'Меня задержали. Адрес: ул. Ленина, 5 — 🙏' },
    { name: 'bucket-edge-255', utf8: 'x'.repeat(255) },
    { name: 'bucket-256', utf8: 'y'.repeat(256) },
    { name: 'long-1300', utf8: 'z'.repeat(1300) },
  ];
  write('envelope-v1.json', {
    description:
      'Envelope v1 known answers. Inputs are fixed; caseKeySeed → crypto_box_seed_keypair. ' +
      'Output = sealToCaseWith(casePublicKey, utf8, location, {ephemeralSeed, dataKey, nonce}).',
    caseKeySeed: toHex(caseSeed),
    casePublicKey: toHex(caseKp.publicKey),
    casePrivateKey: toHex(caseKp.privateKey),
    location: VECTOR_LOCATION,
    vectors: plaintexts.map((p, i) => {
      const ephemeralSeed = fixedBytes(32, 0x40 + i);
      const dataKey = fixedBytes(32, 0x80 + i);
      const nonce = fixedBytes(24, 0xc0 + i);
      const envelope = sealToCaseWith(caseKp.publicKey, p.utf8, VECTOR_LOCATION, {
        ephemeralSeed,
        dataKey,
        nonce,
      });
      return {
        name: p.name,
        utf8: p.utf8,
        ephemeralSeed: toHex(ephemeralSeed),
        dataKey: toHex(dataKey),
        nonce: toHex(nonce),
        envelope: toHex(envelope),
      };
    }),
  });

  const recipient = s.crypto_box_seed_keypair(fixedBytes(32, 0x20));
  const slotEphemeralSeed = fixedBytes(32, 0x30);
  const slotKey = fixedBytes(32, 0x50);
  const reporterNonce = fixedBytes(24, 0x60);
  const caseId = 'b1946ac9-2d3c-4f6b-8f6e-1f3a0c2d5e7f';
  write('key-slots-v1.json', {
    description: 'Key slot v1 and reporter slot v1 known answers (fixed ephemeral seed / nonce).',
    caseId,
    casePrivateKey: toHex(caseKp.privateKey),
    casePublicKey: toHex(caseKp.publicKey),
    recipientSeed: toHex(fixedBytes(32, 0x20)),
    recipientPublicKey: toHex(recipient.publicKey),
    slotEphemeralSeed: toHex(slotEphemeralSeed),
    keySlot: toHex(sealKeySlotWith(caseKp.privateKey, recipient.publicKey, caseId, slotEphemeralSeed)),
    slotKey: toHex(slotKey),
    reporterNonce: toHex(reporterNonce),
    reporterSlot: toHex(sealReporterSlotWith(caseKp.privateKey, slotKey, caseId, reporterNonce)),
  });

  const small = { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
  const receiptSalt = fixedBytes(16, 0x70);
  const pepper = fixedBytes(32, 0x90);
  const passwordSalt = fixedBytes(16, 0xa0);
  const receipt = '4821 0937 5512 8064';
  const rSmall = deriveReceiptKeys(receipt, receiptSalt, small);
  const rDefault = deriveReceiptKeys(receipt, receiptSalt);
  const pSmall = derivePasswordKeys('correct horse battery staple', passwordSalt, small);
  const pUnicode = derivePasswordKeys('пароль-Ä', passwordSalt, small); // NFC: precomposed Ä
  write('kdf-v1.json', {
    description:
      'Argon2id → crypto_kdf_derive_from_key splits (receipts: CorrRcpt 1/2, passwords: CorrPass 1/2).',
    receipt: {
      receipt,
      salt: toHex(receiptSalt),
      pepper: toHex(pepper),
      small: {
        params: small,
        slotKey: toHex(rSmall.slotKey),
        lookupValue: toHex(rSmall.lookupValue),
        lookupId: receiptLookupId(rSmall.lookupValue, pepper),
      },
      defaults: {
        slotKey: toHex(rDefault.slotKey),
        lookupValue: toHex(rDefault.lookupValue),
        lookupId: receiptLookupId(rDefault.lookupValue, pepper),
      },
    },
    password: {
      salt: toHex(passwordSalt),
      params: small,
      vectors: [
        {
          password: 'correct horse battery staple',
          verifier: toHex(pSmall.verifier),
          wrappingKey: toHex(pSmall.wrappingKey),
        },
        {
          password: 'пароль-Ä',
          verifier: toHex(pUnicode.verifier),
          wrappingKey: toHex(pUnicode.wrappingKey),
        },
      ],
    },
  });

  const token = s.to_base64(fixedBytes(32, 0xb0), s.base64_variants.URLSAFE_NO_PADDING);
  write('sessions-v1.json', {
    description: 'hashSessionToken = base64url(crypto_kdf_derive_from_key(32, 1, "CorrSess", token bytes)).',
    token,
    hash: hashSessionToken(token),
    // Wrapping uses a random nonce; the test opens this fixed wrap to pin the format.
    privateKey: toHex(fixedBytes(32, 0xd0)),
    wrapped: toHex(wrapForSession(token, fixedBytes(32, 0xd0))),
  });

  // Session wraps with a fixed nonce: unbound (the original AD) and bound to a principal.
  const sessionPrivateKey = fixedBytes(32, 0xd0);
  const sessionVectors = [
    { name: 'unbound', nonce: fixedBytes(24, 0x11) },
    { name: 'user', binding: 'user:7d0e5b8a-3c1f-4a2e-9b6d-2f4e6a8c0b1d', nonce: fixedBytes(24, 0x12) },
    {
      name: 'reporter',
      binding: 'reporter:1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
      nonce: fixedBytes(24, 0x13),
    },
  ];
  write('sessions-binding-v1.json', {
    description:
      'Session-wrapped key v1 with a fixed nonce: wrapForSessionWith(token, privateKey, nonce, binding?). ' +
      'AD = 0x01 ‖ lp("corridor/session-key") [‖ lp(binding)].',
    token,
    privateKey: toHex(sessionPrivateKey),
    vectors: sessionVectors.map((v) => {
      const wrapped = wrapForSessionWith(token, sessionPrivateKey, v.nonce, v.binding);
      if (toHex(unwrapForSession(token, wrapped, v.binding)) !== toHex(sessionPrivateKey)) {
        throw new Error('session vector does not round-trip');
      }
      return { name: v.name, binding: v.binding, nonce: toHex(v.nonce), wrapped: toHex(wrapped) };
    }),
  });

  // Wrapped user private key v1, chained from the first password vector of kdf-v1.json.
  const userPrivateKey = s.crypto_box_seed_keypair(fixedBytes(32, 0x21)).privateKey;
  const userWrappingKey = pSmall.wrappingKey;
  write('user-keys-v1.json', {
    description:
      'Wrapped user private key v1: wrapUserPrivateKeyWith(privateKey, wrappingKey, userId, nonce); ' +
      'wrappingKey = derivePasswordKeys(password, salt, params).wrappingKey (as in kdf-v1.json). ' +
      'AD = 0x01 ‖ lp("corridor/user-key") ‖ lp(userId or "").',
    password: 'correct horse battery staple',
    salt: toHex(passwordSalt),
    params: small,
    wrappingKey: toHex(userWrappingKey),
    privateKey: toHex(userPrivateKey),
    publicKey: toHex(s.crypto_scalarmult_base(userPrivateKey)),
    vectors: [
      { name: 'with-user-id', userId: '7d0e5b8a-3c1f-4a2e-9b6d-2f4e6a8c0b1d', nonce: fixedBytes(24, 0x31) },
      { name: 'without-user-id', nonce: fixedBytes(24, 0x32) },
    ].map((v) => ({
      name: v.name,
      userId: v.userId,
      nonce: toHex(v.nonce),
      wrapped: toHex(wrapUserPrivateKeyWith(userPrivateKey, userWrappingKey, v.userId, v.nonce)),
    })),
  });

  // Secret-key envelope v1 (TOTP secrets at rest under totpKey).
  const totpKey = fixedBytes(32, 0x33);
  const totpLocation: ContentLocation = {
    purpose: 'totp-secret',
    table: 'users',
    column: 'totp_secret_sealed',
    rowId: '7d0e5b8a-3c1f-4a2e-9b6d-2f4e6a8c0b1d',
  };
  write('secret-envelope-v1.json', {
    description:
      'Secret-key envelope v1: encryptWithKeyWith(key, utf8, location, nonce). ' +
      'AD = 0x01 ‖ lp("corridor/secret-envelope") ‖ lp(purpose) ‖ lp(table) ‖ lp(column) ‖ lp(rowId).',
    key: toHex(totpKey),
    location: totpLocation,
    vectors: [
      { name: 'totp-base32', utf8: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', nonce: fixedBytes(24, 0x41) },
      { name: 'empty', utf8: '', nonce: fixedBytes(24, 0x42) },
      { name: 'bucket-256', utf8: 'k'.repeat(256), nonce: fixedBytes(24, 0x43) },
    ].map((v) => ({
      name: v.name,
      utf8: v.utf8,
      nonce: toHex(v.nonce),
      envelope: toHex(encryptWithKeyWith(totpKey, v.utf8, totpLocation, v.nonce)),
    })),
  });

  const biKey = fixedBytes(32, 0xe0);
  const inputs: { kind: BlindIndexKind; value: string; bits?: number }[] = [
    { kind: 'phone', value: '+7 (912) 345-67-89' },
    { kind: 'phone', value: '0079123456789' },
    { kind: 'phone', value: '+49 30 1234567', bits: 12 },
    { kind: 'handle', value: '@Chechen_Friend' },
    { kind: 'handle', value: 'chechen_friend', bits: 20 },
    { kind: 'email', value: ' Someone@Example.ORG ' },
    { kind: 'email', value: 'someone@example.org', bits: 32 },
  ];
  write('blind-index-v1.json', {
    description: 'blindIndex(key, kind, value, bits) known answers.',
    key: toHex(biKey),
    vectors: inputs.map((v) => ({ ...v, index: blindIndex(biKey, v.kind, v.value, v.bits) })),
  });

  write('hash-v1.json', {
    description: 'hash() = BLAKE2b (crypto_generichash).',
    vectors: [
      { data: '', hash: toHex(hash('')) },
      { data: 'audit entry 1', hash: toHex(hash('audit entry 1')) },
      {
        data: 'audit entry 1',
        key: toHex(fixedBytes(32, 1)),
        outputLength: 64,
        hash: toHex(hash('audit entry 1', { key: fixedBytes(32, 1), outputLength: 64 })),
      },
    ],
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
