import fc from 'fast-check';
import {
  generateCaseKeyPair,
  initCrypto,
  MAX_PLAINTEXT_BYTES,
  MIN_ENVELOPE_BYTES,
  openFromCase,
  openFromCaseAsString,
  paddedLength,
  sealToCase,
  toHex,
  type ContentLocation,
} from '../../src/crypto';
import { ENVELOPE_HEADER_BYTES, sealToCaseWith } from '../../src/crypto/envelope';
import { sodium } from '../../src/crypto/sodium';
import { cryptoErrorOf, expectCryptoError, fixedBytes, LOCATION } from './helpers';

beforeAll(() => initCrypto());

describe('envelope v1: round trips', () => {
  it('opens any byte plaintext up to a few KiB (property)', () => {
    const kp = generateCaseKeyPair();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (plaintext) => {
        const envelope = sealToCase(kp.publicKey, plaintext, LOCATION);
        expect(envelope.length).toBe(ENVELOPE_HEADER_BYTES + paddedLength(plaintext.length) + 16);
        expect(toHex(openFromCase(kp, envelope, LOCATION))).toBe(toHex(plaintext));
      }),
      { numRuns: 150 },
    );
  });

  it('opens any Unicode string and any location (property)', () => {
    const kp = generateCaseKeyPair();
    const field = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 600 }),
        fc.record({ purpose: field, table: field, column: field, rowId: field }),
        (text, location: ContentLocation) => {
          const envelope = sealToCase(kp.publicKey, text, location);
          expect(openFromCaseAsString(kp, envelope, location)).toBe(text);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('opens sizes across the whole range up to MAX_PLAINTEXT_BYTES (property, few runs)', () => {
    const kp = generateCaseKeyPair();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PLAINTEXT_BYTES }), (size) => {
        const plaintext = sodium().randombytes_buf(size);
        const opened = openFromCase(kp, sealToCase(kp.publicKey, plaintext, LOCATION), LOCATION);
        expect(opened.length).toBe(size);
        expect(sodium().memcmp(opened, plaintext) || size === 0).toBe(true);
      }),
      { numRuns: 6, examples: [[0], [MAX_PLAINTEXT_BYTES]] },
    );
  });

  it('refuses plaintext above the limit with TOO_LARGE', () => {
    const kp = generateCaseKeyPair();
    expectCryptoError(
      () => sealToCase(kp.publicKey, new Uint8Array(MAX_PLAINTEXT_BYTES + 1), LOCATION),
      'TOO_LARGE',
    );
  });

  it('pads to buckets: lengths within a bucket give the same envelope size', () => {
    const kp = generateCaseKeyPair();
    const size = (n: number) => sealToCase(kp.publicKey, new Uint8Array(n), LOCATION).length;
    expect(size(0)).toBe(MIN_ENVELOPE_BYTES);
    expect(size(0)).toBe(size(255)); // one byte of padding is always needed
    expect(size(256)).toBe(MIN_ENVELOPE_BYTES + 256);
    expect(size(256)).toBe(size(511));
    expect(size(512)).toBe(size(1023));
    expect(size(1023)).toBeLessThan(size(1024));
    expect(paddedLength(MAX_PLAINTEXT_BYTES)).toBe(1024 * 1024);
  });

  it('uses fresh randomness each time (two seals of the same text differ)', () => {
    const kp = generateCaseKeyPair();
    const a = sealToCase(kp.publicKey, 'same', LOCATION);
    const b = sealToCase(kp.publicKey, 'same', LOCATION);
    expect(toHex(a)).not.toBe(toHex(b));
    expect(toHex(a.subarray(81, 105))).not.toBe(toHex(b.subarray(81, 105))); // nonces
  });

  it('does not wipe or change the caller’s plaintext buffer', () => {
    const kp = generateCaseKeyPair();
    const plaintext = fixedBytes(40, 1);
    sealToCase(kp.publicKey, plaintext, LOCATION);
    expect(toHex(plaintext)).toBe(toHex(fixedBytes(40, 1)));
  });
});

describe('envelope v1: tampering and binding', () => {
  const kp = () => generateCaseKeyPair();

  it('fails to open when ANY single byte of an envelope is flipped', () => {
    const keys = kp();
    const envelope = sealToCase(keys.publicKey, 'short answer', LOCATION);
    expect(envelope.length).toBe(MIN_ENVELOPE_BYTES);
    const codes = new Set<string>();
    for (let i = 0; i < envelope.length; i++) {
      const tampered = envelope.slice();
      tampered[i] ^= 0x01;
      const e = cryptoErrorOf(() => openFromCase(keys, tampered, LOCATION));
      expect(i === 0 ? 'UNSUPPORTED_VERSION' : 'DECRYPT_FAILED').toBe(e.code);
      codes.add(e.code);
    }
    expect([...codes].sort()).toEqual(['DECRYPT_FAILED', 'UNSUPPORTED_VERSION']);
    expect(openFromCaseAsString(keys, envelope, LOCATION)).toBe('short answer'); // the original still opens
  });

  it('fails with other bit flips too (property: any position, any non-zero mask)', () => {
    const keys = kp();
    const envelope = sealToCase(keys.publicKey, fixedBytes(300, 9), LOCATION);
    fc.assert(
      fc.property(fc.nat({ max: envelope.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, mask) => {
        const tampered = envelope.slice();
        tampered[i] ^= mask;
        expect(cryptoErrorOf(() => openFromCase(keys, tampered, LOCATION)).code).toBe(
          i === 0 ? 'UNSUPPORTED_VERSION' : 'DECRYPT_FAILED',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('rejects truncated, extended and empty envelopes with BAD_ENVELOPE', () => {
    const keys = kp();
    const envelope = sealToCase(keys.publicKey, 'x', LOCATION);
    expectCryptoError(
      () => openFromCase(keys, envelope.subarray(0, envelope.length - 1), LOCATION),
      'BAD_ENVELOPE',
    );
    expectCryptoError(() => openFromCase(keys, envelope.subarray(0, 100), LOCATION), 'BAD_ENVELOPE');
    const longer = new Uint8Array(envelope.length + 1);
    longer.set(envelope);
    expectCryptoError(() => openFromCase(keys, longer, LOCATION), 'BAD_ENVELOPE');
    expectCryptoError(() => openFromCase(keys, new Uint8Array(0), LOCATION), 'BAD_ENVELOPE');
  });

  it.each<[string, Partial<ContentLocation>]>([
    ['another row', { rowId: '0b7d3f4e-1c2a-4e59-9a7b-3c2d1e0f9a8c' }],
    ['another column', { column: 'note_sealed' }],
    ['another table', { table: 'case_notes' }],
    ['another purpose', { purpose: 'case-note' }],
  ])('fails when moved to %s', (_label, change) => {
    const keys = kp();
    const envelope = sealToCase(keys.publicKey, 'where it lives matters', LOCATION);
    expectCryptoError(() => openFromCase(keys, envelope, { ...LOCATION, ...change }), 'DECRYPT_FAILED');
  });

  it('keeps location fields unambiguous (length-prefixed: "ab"+"c" ≠ "a"+"bc")', () => {
    const keys = kp();
    const envelope = sealToCase(keys.publicKey, 'x', { ...LOCATION, table: 'ab', column: 'c' });
    expectCryptoError(
      () => openFromCase(keys, envelope, { ...LOCATION, table: 'a', column: 'bc' }),
      'DECRYPT_FAILED',
    );
  });

  it('does not open with another case’s key pair', () => {
    const a = kp();
    const b = kp();
    const envelope = sealToCase(a.publicKey, 'for case A', LOCATION);
    expectCryptoError(() => openFromCase(b, envelope, LOCATION), 'DECRYPT_FAILED');
  });

  it('validates inputs with clear codes and never echoes secrets in messages', () => {
    const keys = kp();
    expectCryptoError(() => sealToCase(new Uint8Array(31), 'x', LOCATION), 'INVALID_KEY');
    expectCryptoError(() => sealToCase(keys.publicKey, 'x', { ...LOCATION, rowId: '' }), 'INVALID_INPUT');
    expectCryptoError(() => sealToCase(keys.publicKey, 'bad \ud800 surrogate', LOCATION), 'INVALID_INPUT');
    expectCryptoError(
      () =>
        openFromCase(
          { publicKey: keys.publicKey, privateKey: new Uint8Array(5) },
          new Uint8Array(377),
          LOCATION,
        ),
      'INVALID_KEY',
    );
    const secretText = 'Ruslan lives at 12 Lenin street';
    const envelope = sealToCase(keys.publicKey, secretText, LOCATION);
    const e = cryptoErrorOf(() => openFromCase(keys, envelope, { ...LOCATION, rowId: 'other' }));
    for (const secret of [secretText, toHex(keys.privateKey), toHex(keys.publicKey), 'Ruslan']) {
      expect(e.message).not.toContain(secret);
      expect(e.stack ?? '').not.toContain(secret);
    }
  });

  it('refuses non-UTF-8 content in openFromCaseAsString', () => {
    const keys = kp();
    const envelope = sealToCase(keys.publicKey, new Uint8Array([0xff, 0xfe, 0x80]), LOCATION);
    expectCryptoError(() => openFromCaseAsString(keys, envelope, LOCATION), 'INVALID_INPUT');
  });
});

describe('envelope v1: deterministic variant matches crypto_box_seal', () => {
  it('seals the data key exactly as crypto_box_seal would (opens with crypto_box_seal_open)', () => {
    const s = sodium();
    const keys = generateCaseKeyPair();
    const dataKey = fixedBytes(32, 0x80);
    const envelope = sealToCaseWith(keys.publicKey, 'hello', LOCATION, {
      ephemeralSeed: fixedBytes(32, 0x40),
      dataKey,
      nonce: fixedBytes(24, 0xc0),
    });
    const sealedKey = envelope.subarray(1, 81);
    expect(toHex(s.crypto_box_seal_open(sealedKey, keys.publicKey, keys.privateKey))).toBe(toHex(dataKey));
    // The ephemeral public key is the first 32 bytes of the sealed key, as in crypto_box_seal.
    expect(toHex(sealedKey.subarray(0, 32))).toBe(
      toHex(s.crypto_box_seed_keypair(fixedBytes(32, 0x40)).publicKey),
    );
    expect(openFromCaseAsString(keys, envelope, LOCATION)).toBe('hello');
    // The fixed data key was copied, not wiped in the caller's buffer.
    expect(toHex(dataKey)).toBe(toHex(fixedBytes(32, 0x80)));
  });

  it('is deterministic for fixed randomness and differs when any of it changes', () => {
    const keys = generateCaseKeyPair();
    const r = { ephemeralSeed: fixedBytes(32, 1), dataKey: fixedBytes(32, 2), nonce: fixedBytes(24, 3) };
    const a = toHex(sealToCaseWith(keys.publicKey, 'x', LOCATION, r));
    expect(toHex(sealToCaseWith(keys.publicKey, 'x', LOCATION, r))).toBe(a);
    expect(toHex(sealToCaseWith(keys.publicKey, 'x', LOCATION, { ...r, nonce: fixedBytes(24, 4) }))).not.toBe(
      a,
    );
    expect(
      toHex(sealToCaseWith(keys.publicKey, 'x', LOCATION, { ...r, dataKey: fixedBytes(32, 5) })),
    ).not.toBe(a);
    expect(
      toHex(sealToCaseWith(keys.publicKey, 'x', LOCATION, { ...r, ephemeralSeed: fixedBytes(32, 6) })),
    ).not.toBe(a);
  });
});
