import {
  blindIndex,
  decryptWithKeyAsString,
  derivePasswordKeys,
  deriveReceiptKeys,
  fromHex,
  hash,
  hashSessionToken,
  initCrypto,
  openFromCaseAsString,
  openKeySlot,
  openReporterSlot,
  receiptLookupId,
  toHex,
  unlockUserKeys,
  unwrapForSession,
  unwrapUserPrivateKey,
  type BlindIndexKind,
  type UserKeyRecord,
} from '../../src/crypto';
import { sealToCaseWith } from '../../src/crypto/envelope';
import { sealKeySlotWith, sealReporterSlotWith } from '../../src/crypto/key-slots';
import { wrapForSessionWith } from '../../src/crypto/sessions';
import { sodium } from '../../src/crypto/sodium';
import { encryptWithKeyWith } from '../../src/crypto/symmetric';
import { wrapUserPrivateKeyWith } from '../../src/crypto/user-keys';
import { expectCryptoError } from './helpers';
import blindVectors from './fixtures/blind-index-v1.json';
import envelopeVectors from './fixtures/envelope-v1.json';
import hashVectors from './fixtures/hash-v1.json';
import kdfVectors from './fixtures/kdf-v1.json';
import slotVectors from './fixtures/key-slots-v1.json';
import secretEnvelopeVectors from './fixtures/secret-envelope-v1.json';
import sessionBindingVectors from './fixtures/sessions-binding-v1.json';
import sessionVectors from './fixtures/sessions-v1.json';
import userKeyVectors from './fixtures/user-keys-v1.json';

/*
 * Known-answer tests: fixed inputs must give exactly the checked-in bytes (generated once by
 * scripts/make-crypto-vectors.ts). A failure here means a stored-format change: existing data
 * would no longer open. Change formats only with a new version byte.
 */
beforeAll(() => initCrypto());

const lp = (s: string): Uint8Array => {
  const b = new TextEncoder().encode(s);
  return new Uint8Array([b.length >> 8, b.length & 0xff, ...b]);
};

describe('envelope v1 known answers', () => {
  const caseKp = () => ({
    publicKey: fromHex(envelopeVectors.casePublicKey),
    privateKey: fromHex(envelopeVectors.casePrivateKey),
  });

  it('the case key pair comes from the seed', () => {
    const kp = sodium().crypto_box_seed_keypair(fromHex(envelopeVectors.caseKeySeed));
    expect(toHex(kp.publicKey)).toBe(envelopeVectors.casePublicKey);
  });

  it.each(envelopeVectors.vectors.map((v) => [v.name, v] as const))(
    '%s: seals to the same bytes and opens',
    (_n, v) => {
      const envelope = sealToCaseWith(
        fromHex(envelopeVectors.casePublicKey),
        v.utf8,
        envelopeVectors.location,
        {
          ephemeralSeed: fromHex(v.ephemeralSeed),
          dataKey: fromHex(v.dataKey),
          nonce: fromHex(v.nonce),
        },
      );
      expect(toHex(envelope)).toBe(v.envelope);
      expect(openFromCaseAsString(caseKp(), fromHex(v.envelope), envelopeVectors.location)).toBe(v.utf8);
    },
  );

  it('matches the documented layout, decoded independently with bare libsodium', () => {
    const s = sodium();
    const loc = envelopeVectors.location;
    for (const v of envelopeVectors.vectors) {
      const env = fromHex(v.envelope);
      expect(env[0]).toBe(0x01);
      const sealedKey = env.subarray(1, 81);
      const nonce = env.subarray(81, 105);
      const ciphertext = env.subarray(105);
      expect(toHex(nonce)).toBe(v.nonce);
      const dataKey = s.crypto_box_seal_open(sealedKey, caseKp().publicKey, caseKp().privateKey);
      expect(toHex(dataKey)).toBe(v.dataKey);
      const ad = new Uint8Array([
        0x01,
        ...lp('corridor/envelope'),
        ...lp(loc.purpose),
        ...lp(loc.table),
        ...lp(loc.column),
        ...lp(loc.rowId),
        ...sealedKey,
      ]);
      const padded = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, dataKey);
      const len = new TextEncoder().encode(v.utf8).length;
      const bucket = Math.max(256, 2 ** Math.ceil(Math.log2(len + 1)));
      expect(padded.length).toBe(bucket);
      expect(padded[len]).toBe(0x80); // ISO/IEC 7816-4 padding
      expect(padded.subarray(len + 1).every((b) => b === 0)).toBe(true);
      expect(new TextDecoder().decode(padded.subarray(0, len))).toBe(v.utf8);
    }
  });
});

describe('key slot known answers', () => {
  const v = slotVectors;
  it('recipient slot', () => {
    const slot = sealKeySlotWith(
      fromHex(v.casePrivateKey),
      fromHex(v.recipientPublicKey),
      v.caseId,
      fromHex(v.slotEphemeralSeed),
    );
    expect(toHex(slot)).toBe(v.keySlot);
    const recipient = sodium().crypto_box_seed_keypair(fromHex(v.recipientSeed));
    expect(
      toHex(openKeySlot(fromHex(v.keySlot), recipient, v.caseId, fromHex(v.casePublicKey)).privateKey),
    ).toBe(v.casePrivateKey);
  });
  it('reporter slot', () => {
    const slot = sealReporterSlotWith(
      fromHex(v.casePrivateKey),
      fromHex(v.slotKey),
      v.caseId,
      fromHex(v.reporterNonce),
    );
    expect(toHex(slot)).toBe(v.reporterSlot);
    expect(toHex(openReporterSlot(fromHex(v.reporterSlot), fromHex(v.slotKey), v.caseId).publicKey)).toBe(
      v.casePublicKey,
    );
  });
});

describe('KDF known answers', () => {
  const r = kdfVectors.receipt;
  it('receipt KDF (small params) and lookup id', () => {
    const keys = deriveReceiptKeys(r.receipt, fromHex(r.salt), r.small.params);
    expect(toHex(keys.slotKey)).toBe(r.small.slotKey);
    expect(toHex(keys.lookupValue)).toBe(r.small.lookupValue);
    expect(receiptLookupId(keys.lookupValue, fromHex(r.pepper))).toBe(r.small.lookupId);
  });
  it('receipt KDF (default params)', () => {
    const keys = deriveReceiptKeys(r.receipt, fromHex(r.salt));
    expect(toHex(keys.slotKey)).toBe(r.defaults.slotKey);
    expect(receiptLookupId(keys.lookupValue, fromHex(r.pepper))).toBe(r.defaults.lookupId);
  });
  it('password KDF', () => {
    const p = kdfVectors.password;
    for (const v of p.vectors) {
      const keys = derivePasswordKeys(v.password, fromHex(p.salt), p.params);
      expect(toHex(keys.verifier)).toBe(v.verifier);
      expect(toHex(keys.wrappingKey)).toBe(v.wrappingKey);
    }
  });
  it('is Argon2id → crypto_kdf_derive_from_key as documented (bare libsodium)', () => {
    const s = sodium();
    const master = s.crypto_pwhash(
      32,
      '4821093755128064',
      fromHex(r.salt),
      r.small.params.opsLimit,
      r.small.params.memLimitBytes,
      s.crypto_pwhash_ALG_ARGON2ID13,
    );
    expect(toHex(s.crypto_kdf_derive_from_key(32, 1, 'CorrRcpt', master))).toBe(r.small.slotKey);
    expect(toHex(s.crypto_kdf_derive_from_key(32, 2, 'CorrRcpt', master))).toBe(r.small.lookupValue);
  });
});

describe('session, blind index and hash known answers', () => {
  it('session token hash and a fixed wrapped key', () => {
    expect(hashSessionToken(sessionVectors.token)).toBe(sessionVectors.hash);
    expect(toHex(unwrapForSession(sessionVectors.token, fromHex(sessionVectors.wrapped)))).toBe(
      sessionVectors.privateKey,
    );
  });
  it('blind index', () => {
    const key = fromHex(blindVectors.key);
    for (const v of blindVectors.vectors as {
      kind: BlindIndexKind;
      value: string;
      bits?: number;
      index: number;
    }[]) {
      expect(blindIndex(key, v.kind, v.value, v.bits)).toBe(v.index);
    }
  });
  it('blind index is the documented BLAKE2b-64 over "corridor/bi1" ‖ kindId ‖ value (bare libsodium)', () => {
    const key = fromHex(blindVectors.key);
    const digest = sodium().crypto_generichash(
      8,
      new TextEncoder().encode('corridor/bi1\u0001+79123456789'),
      key,
    );
    expect(blindIndex(key, 'phone', '+7 (912) 345-67-89')).toBe((digest[0] << 8) | digest[1]);
  });
  it('hash', () => {
    for (const v of hashVectors.vectors as {
      data: string;
      key?: string;
      outputLength?: number;
      hash: string;
    }[]) {
      expect(
        toHex(hash(v.data, { key: v.key ? fromHex(v.key) : undefined, outputLength: v.outputLength })),
      ).toBe(v.hash);
    }
  });
});

describe('wrapped user private key v1 known answers', () => {
  const v = userKeyVectors;

  it('the wrapping key is the password KDF output, and the key pair matches', () => {
    expect(toHex(derivePasswordKeys(v.password, fromHex(v.salt), v.params).wrappingKey)).toBe(v.wrappingKey);
    expect(toHex(sodium().crypto_scalarmult_base(fromHex(v.privateKey)))).toBe(v.publicKey);
  });

  it.each(v.vectors.map((x) => [x.name, x] as const))('%s: wraps to the same bytes and unwraps', (_n, x) => {
    const userId = (x as { userId?: string }).userId;
    const wrapped = wrapUserPrivateKeyWith(
      fromHex(v.privateKey),
      fromHex(v.wrappingKey),
      userId,
      fromHex(x.nonce),
    );
    expect(toHex(wrapped)).toBe(x.wrapped);
    expect(toHex(unwrapUserPrivateKey(fromHex(x.wrapped), fromHex(v.wrappingKey), userId))).toBe(
      v.privateKey,
    );
    // The full login path from the password, through a stored record.
    const record: UserKeyRecord = {
      publicKey: fromHex(v.publicKey),
      wrappedPrivateKey: fromHex(x.wrapped),
      salt: fromHex(v.salt),
      params: v.params,
      verifier: derivePasswordKeys(v.password, fromHex(v.salt), v.params).verifier,
    };
    expect(toHex(unlockUserKeys(record, v.password, userId))).toBe(v.privateKey);
  });

  it('matches the documented layout (bare libsodium)', () => {
    const x = v.vectors[0];
    const w = fromHex(x.wrapped);
    expect(w).toHaveLength(73);
    expect(w[0]).toBe(0x01);
    const ad = new Uint8Array([0x01, ...lp('corridor/user-key'), ...lp(x.userId ?? '')]);
    const pk = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      w.subarray(25),
      ad,
      w.subarray(1, 25),
      fromHex(v.wrappingKey),
    );
    expect(toHex(pk)).toBe(v.privateKey);
  });
});

describe('secret-key envelope v1 known answers', () => {
  const v = secretEnvelopeVectors;

  it.each(v.vectors.map((x) => [x.name, x] as const))(
    '%s: encrypts to the same bytes and decrypts',
    (_n, x) => {
      expect(toHex(encryptWithKeyWith(fromHex(v.key), x.utf8, v.location, fromHex(x.nonce)))).toBe(
        x.envelope,
      );
      expect(decryptWithKeyAsString(fromHex(v.key), fromHex(x.envelope), v.location)).toBe(x.utf8);
    },
  );

  it('matches the documented layout (bare libsodium)', () => {
    const loc = v.location;
    for (const x of v.vectors) {
      const env = fromHex(x.envelope);
      expect(env[0]).toBe(0x01);
      expect(toHex(env.subarray(1, 25))).toBe(x.nonce);
      const ad = new Uint8Array([
        0x01,
        ...lp('corridor/secret-envelope'),
        ...lp(loc.purpose),
        ...lp(loc.table),
        ...lp(loc.column),
        ...lp(loc.rowId),
      ]);
      const padded = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(
        null,
        env.subarray(25),
        ad,
        env.subarray(1, 25),
        fromHex(v.key),
      );
      const len = new TextEncoder().encode(x.utf8).length;
      expect(padded.length).toBe(Math.max(256, 2 ** Math.ceil(Math.log2(len + 1))));
      expect(padded[len]).toBe(0x80);
      expect(new TextDecoder().decode(padded.subarray(0, len))).toBe(x.utf8);
    }
  });
});

describe('session wrap with binding known answers', () => {
  const v = sessionBindingVectors;

  it.each(v.vectors.map((x) => [x.name, x] as const))('%s: wraps to the same bytes and unwraps', (_n, x) => {
    const binding = (x as { binding?: string }).binding;
    expect(toHex(wrapForSessionWith(v.token, fromHex(v.privateKey), fromHex(x.nonce), binding))).toBe(
      x.wrapped,
    );
    expect(toHex(unwrapForSession(v.token, fromHex(x.wrapped), binding))).toBe(v.privateKey);
  });

  it('a wrap opens only with its own binding (and an unbound one only without)', () => {
    const [unbound, user, reporter] = v.vectors;
    expectCryptoError(
      () => unwrapForSession(v.token, fromHex(unbound.wrapped), user.binding),
      'DECRYPT_FAILED',
    );
    expectCryptoError(() => unwrapForSession(v.token, fromHex(user.wrapped)), 'DECRYPT_FAILED');
    expectCryptoError(
      () => unwrapForSession(v.token, fromHex(user.wrapped), reporter.binding),
      'DECRYPT_FAILED',
    );
  });

  it('the unbound form is the original format: the committed sessions-v1 vector still opens', () => {
    expect(sessionBindingVectors.token).toBe(sessionVectors.token);
    expect(toHex(unwrapForSession(sessionVectors.token, fromHex(sessionVectors.wrapped)))).toBe(
      sessionVectors.privateKey,
    );
  });

  it('matches the documented AD (bare libsodium)', () => {
    const s = sodium();
    const x = v.vectors[1];
    const w = fromHex(x.wrapped);
    const wrapKey = s.crypto_kdf_derive_from_key(32, 2, 'CorrSess', fromBase64UrlBare(v.token));
    const ad = new Uint8Array([0x01, ...lp('corridor/session-key'), ...lp(x.binding as string)]);
    const pk = s.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      w.subarray(25),
      ad,
      w.subarray(1, 25),
      wrapKey,
    );
    expect(toHex(pk)).toBe(v.privateKey);
  });
});

function fromBase64UrlBare(text: string): Uint8Array {
  return sodium().from_base64(text, sodium().base64_variants.URLSAFE_NO_PADDING);
}
