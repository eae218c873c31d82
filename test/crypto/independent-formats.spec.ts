import * as sodiumNamespace from 'libsodium-wrappers-sumo';
import {
  blindIndex,
  decryptWithKeyAsString,
  derivePasswordKeys,
  deriveReceiptKeys,
  encryptWithKey,
  hashSessionToken,
  initCrypto,
  openFromCaseAsString,
  openKeySlotChecked,
  openReporterSlotChecked,
  receiptLookupId,
  sealKeySlot,
  sealReporterSlot,
  sealToCase,
  unwrapForSession,
  unwrapUserPrivateKey,
  type BlindIndexKind,
  type ContentLocation,
} from '../../src/crypto';
import { expectCryptoError, FAST_KDF, fixedBytes, LOCATION } from './helpers';

/*
 * Independent re-derivations of every composite format, written from SECURITY.md alone: the
 * reference side below calls libsodium directly (its own import, not the module's sodium()
 * accessor or any module helper), rebuilds associated data, subkeys and layouts by hand, and checks
 * both directions — bytes the module writes decode by the documented recipe, and bytes the recipe
 * writes open with the module. A format change that SECURITY.md does not describe fails here.
 */
type Sodium = typeof sodiumNamespace;
let na: Sodium;
beforeAll(async () => {
  await initCrypto();
  const live = (sodiumNamespace as unknown as { default?: Sodium }).default ?? sodiumNamespace;
  await live.ready;
  na = live;
});

const utf8 = (s: string) => new TextEncoder().encode(s);
/** lp(s) of SECURITY.md: 2-byte big-endian byte length ‖ UTF-8 bytes. */
const lp = (s: string) => {
  const b = utf8(s);
  return new Uint8Array([b.length >> 8, b.length & 0xff, ...b]);
};
const cat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const CASE_ID = '7c1d9a52-3f0e-4b8a-9d61-2e5f4a0b8c73';

describe('recipient key slot v1 (113 bytes)', () => {
  const binding = () => na.crypto_generichash(32, cat(lp('corridor/key-slot'), lp(CASE_ID)), null);

  it('the module`s slot is 0x01 ‖ crypto_box_seal(BLAKE2b-256(lp("corridor/key-slot") ‖ lp(caseId)) ‖ casePrivateKey)', () => {
    const caseKp = na.crypto_box_keypair();
    const recipient = na.crypto_box_keypair();
    const slot = sealKeySlot(caseKp.privateKey, recipient.publicKey, CASE_ID);
    expect(slot).toHaveLength(113);
    expect(slot[0]).toBe(0x01);
    const inner = na.crypto_box_seal_open(slot.subarray(1), recipient.publicKey, recipient.privateKey);
    expect(inner).toHaveLength(64);
    expect(Buffer.from(inner.subarray(0, 32)).equals(Buffer.from(binding()))).toBe(true);
    expect(Buffer.from(inner.subarray(32)).equals(Buffer.from(caseKp.privateKey))).toBe(true);
  });

  it('a slot built by the recipe opens with openKeySlotChecked, only for its case and its case key', () => {
    const caseKp = na.crypto_box_keypair();
    const recipient = na.crypto_box_keypair();
    const slot = cat(
      new Uint8Array([1]),
      na.crypto_box_seal(cat(binding(), caseKp.privateKey), recipient.publicKey),
    );
    const opened = openKeySlotChecked(slot, recipient, CASE_ID, caseKp.publicKey);
    expect(Buffer.from(opened.privateKey).equals(Buffer.from(caseKp.privateKey))).toBe(true);
    expectCryptoError(
      () => openKeySlotChecked(slot, recipient, `${CASE_ID}x`, caseKp.publicKey),
      'DECRYPT_FAILED',
    );
    // A well-formed slot holding another key than the case's stored public key is refused.
    const other = na.crypto_box_keypair();
    const forged = cat(
      new Uint8Array([1]),
      na.crypto_box_seal(cat(binding(), other.privateKey), recipient.publicKey),
    );
    expectCryptoError(
      () => openKeySlotChecked(forged, recipient, CASE_ID, caseKp.publicKey),
      'DECRYPT_FAILED',
    );
  });
});

describe('reporter slot v1 (73 bytes)', () => {
  const ad = () => cat(new Uint8Array([1]), lp('corridor/reporter-slot'), lp(CASE_ID));

  it('the module`s slot is 0x01 ‖ nonce ‖ XChaCha20-Poly1305(casePrivateKey), AD = 0x01 ‖ lp(domain) ‖ lp(caseId)', () => {
    const caseKp = na.crypto_box_keypair();
    const slotKey = na.randombytes_buf(32);
    const slot = sealReporterSlot(caseKp.privateKey, slotKey, CASE_ID);
    expect(slot).toHaveLength(73);
    expect(slot[0]).toBe(0x01);
    const pk = na.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      slot.subarray(25),
      ad(),
      slot.subarray(1, 25),
      slotKey,
    );
    expect(Buffer.from(pk).equals(Buffer.from(caseKp.privateKey))).toBe(true);
  });

  it('a slot built by the recipe opens with openReporterSlotChecked, and not for another case', () => {
    const caseKp = na.crypto_box_keypair();
    const slotKey = na.randombytes_buf(32);
    const nonce = na.randombytes_buf(24);
    const slot = cat(
      new Uint8Array([1]),
      nonce,
      na.crypto_aead_xchacha20poly1305_ietf_encrypt(caseKp.privateKey, ad(), null, nonce, slotKey),
    );
    expect(Buffer.from(openReporterSlotChecked(slot, slotKey, CASE_ID, caseKp.publicKey).publicKey)).toEqual(
      Buffer.from(caseKp.publicKey),
    );
    expectCryptoError(
      () => openReporterSlotChecked(slot, slotKey, 'other-case', caseKp.publicKey),
      'DECRYPT_FAILED',
    );
  });
});

describe('session token hash and session wrap', () => {
  it('sessionId = base64url(crypto_kdf_derive_from_key(32, 1, "CorrSess", token bytes))', () => {
    for (let i = 0; i < 5; i++) {
      const bytes = na.randombytes_buf(32);
      const token = b64url(bytes);
      expect(token).toHaveLength(43);
      expect(hashSessionToken(token)).toBe(b64url(na.crypto_kdf_derive_from_key(32, 1, 'CorrSess', bytes)));
    }
  });

  it('a key wrapped by the recipe (subkey 2, AD with lp(binding)) unwraps with the module', () => {
    const bytes = na.randombytes_buf(32);
    const privateKey = na.randombytes_buf(32);
    const nonce = na.randombytes_buf(24);
    const wrapKey = na.crypto_kdf_derive_from_key(32, 2, 'CorrSess', bytes);
    const ad = cat(new Uint8Array([1]), lp('corridor/session-key'), lp('user:42'));
    const wrapped = cat(
      new Uint8Array([1]),
      nonce,
      na.crypto_aead_xchacha20poly1305_ietf_encrypt(privateKey, ad, null, nonce, wrapKey),
    );
    expect(Buffer.from(unwrapForSession(b64url(bytes), wrapped, 'user:42'))).toEqual(Buffer.from(privateKey));
  });
});

describe('password KDF split', () => {
  const argon = (input: Uint8Array, salt: Uint8Array) =>
    na.crypto_pwhash(
      32,
      input,
      salt,
      FAST_KDF.opsLimit,
      FAST_KDF.memLimitBytes,
      na.crypto_pwhash_ALG_ARGON2ID13,
    );

  it('verifier / wrappingKey = crypto_kdf_derive_from_key(32, 1 / 2, "CorrPass", Argon2id13(NFC(password), salt))', () => {
    const salt = fixedBytes(16, 0x30);
    // "é" typed decomposed (e + U+0301): the KDF must see the NFC form, the precomposed U+00E9.
    const typed = 'cafe\u0301-orchid-9';
    const master = argon(utf8('caf\u00e9-orchid-9'), salt);
    const keys = derivePasswordKeys(typed, salt, FAST_KDF);
    expect(b64url(keys.verifier)).toBe(b64url(na.crypto_kdf_derive_from_key(32, 1, 'CorrPass', master)));
    expect(b64url(keys.wrappingKey)).toBe(b64url(na.crypto_kdf_derive_from_key(32, 2, 'CorrPass', master)));
    expect(b64url(keys.verifier)).not.toBe(b64url(keys.wrappingKey));
  });

  it('a private key wrapped by the recipe (AD = 0x01 ‖ lp("corridor/user-key") ‖ lp(userId)) unwraps with the module', () => {
    const wrappingKey = na.randombytes_buf(32);
    const privateKey = na.randombytes_buf(32);
    const nonce = na.randombytes_buf(24);
    const ad = cat(new Uint8Array([1]), lp('corridor/user-key'), lp('u-1'));
    const wrapped = cat(
      new Uint8Array([1]),
      nonce,
      na.crypto_aead_xchacha20poly1305_ietf_encrypt(privateKey, ad, null, nonce, wrappingKey),
    );
    expect(wrapped).toHaveLength(73);
    expect(Buffer.from(unwrapUserPrivateKey(wrapped, wrappingKey, 'u-1'))).toEqual(Buffer.from(privateKey));
    expectCryptoError(() => unwrapUserPrivateKey(wrapped, wrappingKey, 'u-2'), 'DECRYPT_FAILED');
  });
});

describe('receipt KDF split and lookup id', () => {
  it('slotKey / lookupValue = crypto_kdf(32, 1 / 2, "CorrRcpt", Argon2id13(16 ASCII digits, salt)) from a grouped receipt', () => {
    const salt = fixedBytes(16, 0x11);
    const master = na.crypto_pwhash(
      32,
      utf8('4821093755128064'),
      salt,
      FAST_KDF.opsLimit,
      FAST_KDF.memLimitBytes,
      na.crypto_pwhash_ALG_ARGON2ID13,
    );
    const keys = deriveReceiptKeys('4821 0937 5512 8064', salt, FAST_KDF);
    expect(b64url(keys.slotKey)).toBe(b64url(na.crypto_kdf_derive_from_key(32, 1, 'CorrRcpt', master)));
    expect(b64url(keys.lookupValue)).toBe(b64url(na.crypto_kdf_derive_from_key(32, 2, 'CorrRcpt', master)));
  });

  it('lookupId = base64url(BLAKE2b-256(key = pepper, lp("corridor/receipt-lookup") ‖ lookupValue))', () => {
    for (let i = 0; i < 5; i++) {
      const lookupValue = na.randombytes_buf(32);
      const pepper = na.randombytes_buf(32);
      expect(receiptLookupId(lookupValue, pepper)).toBe(
        b64url(na.crypto_generichash(32, cat(lp('corridor/receipt-lookup'), lookupValue), pepper)),
      );
    }
  });
});

describe('blind index at every width', () => {
  const KINDS: [BlindIndexKind, number, string, string][] = [
    ['phone', 1, '+44 (0)20 7946 0958', '+442079460958'],
    ['handle', 2, ' @Some_Handle ', 'some_handle'],
    ['email', 3, ' Person@Example.ORG ', 'person@example.org'],
  ];

  it.each(KINDS)(
    '%s: the top `bits` bits of BLAKE2b-64(key, "corridor/bi1" ‖ kindId ‖ value), big-endian',
    (kind, id, typed, normal) => {
      const key = fixedBytes(32, 0xa0);
      const digest = na.crypto_generichash(
        8,
        cat(utf8('corridor/bi1'), new Uint8Array([id]), utf8(normal)),
        key,
      );
      const top32 = Buffer.from(digest).readUInt32BE(0);
      for (let bits = 1; bits <= 32; bits++) {
        expect({ bits, index: blindIndex(key, kind, typed, bits) }).toEqual({
          bits,
          index: Math.floor(top32 / 2 ** (32 - bits)),
        });
      }
    },
  );
});

describe('envelopes with location binding', () => {
  const padded = (text: string) => {
    const bytes = utf8(text);
    const size = Math.max(256, 2 ** Math.ceil(Math.log2(bytes.length + 1)));
    const out = new Uint8Array(size);
    out.set(bytes);
    out[bytes.length] = 0x80;
    return out;
  };
  const locationAd = (domain: string, loc: ContentLocation) =>
    cat(new Uint8Array([1]), lp(domain), lp(loc.purpose), lp(loc.table), lp(loc.column), lp(loc.rowId));
  const moved: ContentLocation[] = [
    { ...LOCATION, purpose: 'other' },
    { ...LOCATION, table: 'other' },
    { ...LOCATION, column: 'other' },
    { ...LOCATION, rowId: 'other' },
  ];

  it('a case envelope built by the recipe opens with the module, only at its own location', () => {
    const caseKp = na.crypto_box_keypair();
    const dataKey = na.randombytes_buf(32);
    const nonce = na.randombytes_buf(24);
    const sealedKey = na.crypto_box_seal(dataKey, caseKp.publicKey);
    const ad = cat(locationAd('corridor/envelope', LOCATION), sealedKey);
    const body = na.crypto_aead_xchacha20poly1305_ietf_encrypt(
      padded('Грозный, 3 people'),
      ad,
      null,
      nonce,
      dataKey,
    );
    const envelope = cat(new Uint8Array([1]), sealedKey, nonce, body);
    expect(envelope).toHaveLength(121 + 256);
    expect(openFromCaseAsString(caseKp, envelope, LOCATION)).toBe('Грозный, 3 people');
    for (const loc of moved)
      expectCryptoError(() => openFromCaseAsString(caseKp, envelope, loc), 'DECRYPT_FAILED');
  });

  it('the module`s case envelope decodes by the recipe (AD ends with the sealed data key)', () => {
    const caseKp = na.crypto_box_keypair();
    const envelope = sealToCase(caseKp.publicKey, 'x'.repeat(300), LOCATION);
    expect(envelope).toHaveLength(121 + 512);
    const sealedKey = envelope.subarray(1, 81);
    const dataKey = na.crypto_box_seal_open(sealedKey, caseKp.publicKey, caseKp.privateKey);
    const plain = na.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      envelope.subarray(105),
      cat(locationAd('corridor/envelope', LOCATION), sealedKey),
      envelope.subarray(81, 105),
      dataKey,
    );
    expect(Buffer.from(plain)).toEqual(Buffer.from(padded('x'.repeat(300))));
  });

  it('a secret-key envelope built by the recipe decrypts with the module, only at its own location', () => {
    const key = na.randombytes_buf(32);
    const nonce = na.randombytes_buf(24);
    const body = na.crypto_aead_xchacha20poly1305_ietf_encrypt(
      padded('JBSWY3DPEHPK3PXP'),
      locationAd('corridor/secret-envelope', LOCATION),
      null,
      nonce,
      key,
    );
    const envelope = cat(new Uint8Array([1]), nonce, body);
    expect(decryptWithKeyAsString(key, envelope, LOCATION)).toBe('JBSWY3DPEHPK3PXP');
    for (const loc of moved)
      expectCryptoError(() => decryptWithKeyAsString(key, envelope, loc), 'DECRYPT_FAILED');
    // And the module's own secret envelope decodes by the recipe.
    const ours = encryptWithKey(key, 'JBSWY3DPEHPK3PXP', LOCATION);
    const plain = na.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      ours.subarray(25),
      locationAd('corridor/secret-envelope', LOCATION),
      ours.subarray(1, 25),
      key,
    );
    expect(Buffer.from(plain)).toEqual(Buffer.from(padded('JBSWY3DPEHPK3PXP')));
  });
});
