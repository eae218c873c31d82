import fc from 'fast-check';
import {
  blindIndex,
  createUserKeys,
  cryptoBackend,
  decryptWithKey,
  derivePasswordKeys,
  deriveReceiptKeys,
  encryptWithKey,
  generateCaseKeyPair,
  generateReceipt,
  generateSessionToken,
  generateSigningKeyPair,
  generateUserKeyPair,
  hash,
  hashSessionToken,
  initCrypto,
  keyPairFromPrivateKey,
  openFromCase,
  openKeySlotChecked,
  openReporterSlotChecked,
  randomBytes,
  receiptLookupId,
  sealKeySlot,
  sealReporterSlot,
  sealToCase,
  sign,
  signingKeyPairFromSecret,
  sodiumVersion,
  toHex,
  unlockUserKeys,
  unwrapForSession,
  verifySignature,
  wrapForSession,
  type BlindIndexKind,
  type ContentLocation,
} from '../../src/crypto';
import { sealToCaseWith } from '../../src/crypto/envelope';
import { sealKeySlotWith, sealReporterSlotWith } from '../../src/crypto/key-slots';
import { wrapForSessionWith } from '../../src/crypto/sessions';
import { loadCryptoBackend, withCryptoBackend, type CryptoBackendName } from '../../src/crypto/sodium';
import { encryptWithKeyWith } from '../../src/crypto/symmetric';
import { wrapUserPrivateKeyWith } from '../../src/crypto/user-keys';
import { FAST_KDF } from './helpers';

/*
 * The two backends are interchangeable: for every kind of object, what one seals the other opens,
 * and every deterministic output (fixed randomness) is the same bytes on both. Both backends are
 * loaded in this one process; withCryptoBackend runs a synchronous block on one of them.
 */
const DIRECTIONS: [CryptoBackendName, CryptoBackendName][] = [
  ['native', 'wasm'],
  ['wasm', 'native'],
];
const on = <T>(backend: CryptoBackendName, fn: () => T): T => withCryptoBackend(backend, fn);
const hex = (bytes: Uint8Array) => toHex(bytes);
/** The same value computed on both backends, as hex or JSON, for comparison. */
const both = (fn: () => unknown): [string, string] =>
  [on('native', fn), on('wasm', fn)].map((v) => (v instanceof Uint8Array ? hex(v) : JSON.stringify(v))) as [
    string,
    string,
  ];

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const field = fc.string({ minLength: 1, maxLength: 40 });
const location: fc.Arbitrary<ContentLocation> = fc.record({
  purpose: field,
  table: field,
  column: field,
  rowId: field,
});
const plaintext = fc.oneof(fc.string({ maxLength: 600 }), fc.uint8Array({ maxLength: 3000 }));
const RUNS = { numRuns: 30 };
const KDF_RUNS = { numRuns: 6 };

beforeAll(async () => {
  await initCrypto();
  await loadCryptoBackend('wasm');
  await loadCryptoBackend('native');
});

const asBytes = (p: string | Uint8Array) => (typeof p === 'string' ? new TextEncoder().encode(p) : p);

describe.each(DIRECTIONS)('sealed on %s, opened on %s', (sealer, opener) => {
  it('case envelopes', () => {
    fc.assert(
      fc.property(plaintext, location, (content, loc) => {
        const kp = on(sealer, () => generateCaseKeyPair());
        const envelope = on(sealer, () => sealToCase(kp.publicKey, content, loc));
        expect(hex(on(opener, () => openFromCase(kp, envelope, loc)))).toBe(hex(asBytes(content)));
      }),
      RUNS,
    );
  });

  it('recipient key slots and reporter slots', () => {
    fc.assert(
      fc.property(field, bytes(32), (caseId, slotKey) => {
        const caseKp = on(sealer, () => generateCaseKeyPair());
        const user = on(opener, () => generateUserKeyPair());
        const slot = on(sealer, () => sealKeySlot(caseKp.privateKey, user.publicKey, caseId));
        const opened = on(opener, () => openKeySlotChecked(slot, user, caseId, caseKp.publicKey));
        expect(hex(opened.privateKey)).toBe(hex(caseKp.privateKey));
        const reporter = on(sealer, () => sealReporterSlot(caseKp.privateKey, slotKey, caseId));
        const fromReporter = on(opener, () =>
          openReporterSlotChecked(reporter, slotKey, caseId, caseKp.publicKey),
        );
        expect(hex(fromReporter.privateKey)).toBe(hex(caseKp.privateKey));
      }),
      RUNS,
    );
  });

  it('user keys (Argon2id, wrapped private key)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), field, (password, userId) => {
        const record = on(sealer, () => createUserKeys(password, FAST_KDF, userId));
        const privateKey = on(opener, () => unlockUserKeys(record, password, userId));
        expect(hex(on(opener, () => keyPairFromPrivateKey(privateKey).publicKey))).toBe(
          hex(record.publicKey),
        );
      }),
      KDF_RUNS,
    );
  });

  it('session-wrapped keys', () => {
    fc.assert(
      fc.property(bytes(32), fc.option(field, { nil: undefined }), (privateKey, binding) => {
        const token = on(sealer, () => generateSessionToken());
        const wrapped = on(sealer, () => wrapForSession(token, privateKey, binding));
        expect(hex(on(opener, () => unwrapForSession(token, wrapped, binding)))).toBe(hex(privateKey));
        expect(on(opener, () => hashSessionToken(token))).toBe(on(sealer, () => hashSessionToken(token)));
      }),
      RUNS,
    );
  });

  it('receipts: the keys one derives open the reporter slot the other sealed', () => {
    fc.assert(
      fc.property(bytes(16), bytes(32), field, (salt, pepper, caseId) => {
        const receipt = on(sealer, () => generateReceipt());
        const caseKp = on(sealer, () => generateCaseKeyPair());
        const sealerKeys = on(sealer, () => deriveReceiptKeys(receipt, salt, FAST_KDF));
        const slot = on(sealer, () => sealReporterSlot(caseKp.privateKey, sealerKeys.slotKey, caseId));
        const openerKeys = on(opener, () => deriveReceiptKeys(receipt, salt, FAST_KDF));
        const opened = on(opener, () =>
          openReporterSlotChecked(slot, openerKeys.slotKey, caseId, caseKp.publicKey),
        );
        expect(hex(opened.privateKey)).toBe(hex(caseKp.privateKey));
        expect(on(opener, () => receiptLookupId(openerKeys.lookupValue, pepper))).toBe(
          on(sealer, () => receiptLookupId(sealerKeys.lookupValue, pepper)),
        );
      }),
      KDF_RUNS,
    );
  });

  it('signatures', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (message) => {
        const signer = on(sealer, () => generateSigningKeyPair());
        const signature = on(sealer, () => sign(message, signer.privateKey));
        expect(on(opener, () => verifySignature(signature, message, signer.publicKey))).toBe(true);
        const forged = signature.slice();
        forged[message.length % 64] ^= 1;
        expect(on(opener, () => verifySignature(forged, message, signer.publicKey))).toBe(false);
      }),
      RUNS,
    );
  });

  it('secret-key envelopes', () => {
    fc.assert(
      fc.property(bytes(32), plaintext, location, (key, content, loc) => {
        const envelope = on(sealer, () => encryptWithKey(key, content, loc));
        expect(hex(on(opener, () => decryptWithKey(key, envelope, loc)))).toBe(hex(asBytes(content)));
      }),
      RUNS,
    );
  });
});

describe('the same bytes on both backends (fixed randomness)', () => {
  it('case envelopes, key slots, reporter slots', () => {
    fc.assert(
      fc.property(
        plaintext,
        location,
        bytes(32),
        bytes(32),
        bytes(24),
        field,
        (content, loc, seed, key, nonce, caseId) => {
          const caseKp = on('native', () => generateCaseKeyPair());
          const randomness = { ephemeralSeed: seed, dataKey: key, nonce };
          const [a, b] = both(() => sealToCaseWith(caseKp.publicKey, content, loc, randomness));
          expect(a).toBe(b);
          const [s1, s2] = both(() => sealKeySlotWith(caseKp.privateKey, key, caseId, seed));
          expect(s1).toBe(s2);
          const [r1, r2] = both(() => sealReporterSlotWith(caseKp.privateKey, key, caseId, nonce));
          expect(r1).toBe(r2);
        },
      ),
      RUNS,
    );
  });

  it('user keys, sessions, secret envelopes', () => {
    fc.assert(
      fc.property(
        bytes(32),
        bytes(32),
        bytes(24),
        field,
        plaintext,
        location,
        (privateKey, key, nonce, id, content, loc) => {
          const [u1, u2] = both(() => wrapUserPrivateKeyWith(privateKey, key, id, nonce));
          expect(u1).toBe(u2);
          const token = on('native', () => generateSessionToken());
          const [w1, w2] = both(() => wrapForSessionWith(token, privateKey, nonce, id));
          expect(w1).toBe(w2);
          const [h1, h2] = both(() => hashSessionToken(token));
          expect(h1).toBe(h2);
          const [e1, e2] = both(() => encryptWithKeyWith(key, content, loc, nonce));
          expect(e1).toBe(e2);
        },
      ),
      RUNS,
    );
  });

  it('receipt keys and password keys (Argon2id)', () => {
    fc.assert(
      fc.property(bytes(16), fc.string({ minLength: 1, maxLength: 64 }), (salt, password) => {
        const receipt = on('native', () => generateReceipt());
        const [r1, r2] = both(() => {
          const k = deriveReceiptKeys(receipt, salt, FAST_KDF);
          return [hex(k.slotKey), hex(k.lookupValue)];
        });
        expect(r1).toBe(r2);
        const [p1, p2] = both(() => {
          const k = derivePasswordKeys(password, salt, FAST_KDF);
          return [hex(k.verifier), hex(k.wrappingKey)];
        });
        expect(p1).toBe(p2);
      }),
      KDF_RUNS,
    );
  });

  it('blind indexes', () => {
    const kind = fc.constantFrom<BlindIndexKind>('phone', 'handle', 'email');
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^\+[1-9][0-9]{7,14}$/),
      fc.stringMatching(/^[a-z0-9.]{1,20}@[a-z0-9.]{1,20}$/),
    );
    fc.assert(
      fc.property(bytes(32), kind, value, fc.integer({ min: 1, max: 32 }), (key, k, v, bits) => {
        const [a, b] = both(() => blindIndex(key, k, v, bits));
        expect(a).toBe(b);
      }),
      { numRuns: 200 },
    );
  });

  it('signatures (Ed25519 is deterministic) and hashes', () => {
    fc.assert(
      fc.property(bytes(32), fc.uint8Array({ maxLength: 2000 }), (seed, message) => {
        const [k1, k2] = both(() => signingKeyPairFromSecret(seed).privateKey);
        expect(k1).toBe(k2);
        const signer = on('native', () => signingKeyPairFromSecret(seed));
        const [s1, s2] = both(() => sign(message, signer.privateKey));
        expect(s1).toBe(s2);
        const [h1, h2] = both(() => hash(message, { key: seed, outputLength: 64 }));
        expect(h1).toBe(h2);
      }),
      RUNS,
    );
  });

  it('really switches: each block runs on the libsodium it names', () => {
    expect(both(() => cryptoBackend())).toEqual(['"native"', '"wasm"']);
    const [native, wasm] = both(() => sodiumVersion());
    expect(native).toMatch(/sodium-native/);
    expect(wasm).toMatch(/^"1\.0\.\d+"$/);
  });

  it('randomness is not shared: each backend draws its own', () => {
    const [a, b] = both(() => randomBytes(32));
    expect(a).not.toBe(b);
  });
});
