import fc from 'fast-check';
import {
  generateCaseKeyPair,
  generateRecoveryKeyPair,
  generateUserKeyPair,
  initCrypto,
  KEY_SLOT_BYTES,
  openFromCaseAsString,
  openKeySlot,
  openKeySlotChecked,
  openReporterSlot,
  openReporterSlotChecked,
  REPORTER_SLOT_BYTES,
  sealKeySlot,
  sealReporterSlot,
  sealToCase,
  toHex,
  deriveReceiptKeys,
  generateReceipt,
} from '../../src/crypto';
import { cryptoErrorOf, expectCryptoError, FAST_KDF, fixedBytes, LOCATION } from './helpers';

beforeAll(() => initCrypto());

const CASE_ID = 'c0a80101-0000-4000-8000-000000000001';

describe('recipient key slots (user, team, recovery)', () => {
  it('round-trips: a user opens the slot and reads content sealed to the case', () => {
    const caseKp = generateCaseKeyPair();
    const user = generateUserKeyPair();
    const slot = sealKeySlot(caseKp.privateKey, user.publicKey, CASE_ID);
    expect(slot.length).toBe(KEY_SLOT_BYTES);
    const opened = openKeySlot(slot, user, CASE_ID, caseKp.publicKey);
    expect(toHex(opened.privateKey)).toBe(toHex(caseKp.privateKey));
    expect(toHex(opened.publicKey)).toBe(toHex(caseKp.publicKey));
    const envelope = sealToCase(caseKp.publicKey, 'needs evacuation', LOCATION);
    expect(openFromCaseAsString(opened, envelope, LOCATION)).toBe('needs evacuation');
  });

  it('round-trips for any case id (property)', () => {
    const caseKp = generateCaseKeyPair();
    const user = generateUserKeyPair();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), (caseId) => {
        const slot = sealKeySlot(caseKp.privateKey, user.publicKey, caseId);
        expect(toHex(openKeySlot(slot, user, caseId).privateKey)).toBe(toHex(caseKp.privateKey));
      }),
      { numRuns: 50 },
    );
  });

  it('works the same for the recovery key', () => {
    const caseKp = generateCaseKeyPair();
    const recovery = generateRecoveryKeyPair();
    const slot = sealKeySlot(caseKp.privateKey, recovery.publicKey, CASE_ID);
    expect(toHex(openKeySlot(slot, recovery, CASE_ID).privateKey)).toBe(toHex(caseKp.privateKey));
  });

  it('works through a triage team key (case → team slot → team key → member slot)', () => {
    const caseKp = generateCaseKeyPair();
    const team = generateCaseKeyPair();
    const triager = generateUserKeyPair();
    const teamSlot = sealKeySlot(team.privateKey, triager.publicKey, 'team:triage');
    const caseSlot = sealKeySlot(caseKp.privateKey, team.publicKey, CASE_ID);
    const teamKp = openKeySlot(teamSlot, triager, 'team:triage', team.publicKey);
    expect(toHex(openKeySlot(caseSlot, teamKp, CASE_ID).privateKey)).toBe(toHex(caseKp.privateKey));
  });

  it('a slot for user A does not open with user B’s key', () => {
    const caseKp = generateCaseKeyPair();
    const a = generateUserKeyPair();
    const b = generateUserKeyPair();
    const slot = sealKeySlot(caseKp.privateKey, a.publicKey, CASE_ID);
    expectCryptoError(() => openKeySlot(slot, b, CASE_ID), 'DECRYPT_FAILED');
    // Not even when B claims A's public key.
    expectCryptoError(
      () => openKeySlot(slot, { publicKey: a.publicKey, privateKey: b.privateKey }, CASE_ID),
      'DECRYPT_FAILED',
    );
  });

  it('a slot moved to another case fails', () => {
    const caseKp = generateCaseKeyPair();
    const user = generateUserKeyPair();
    const slot = sealKeySlot(caseKp.privateKey, user.publicKey, CASE_ID);
    expectCryptoError(
      () => openKeySlot(slot, user, 'c0a80101-0000-4000-8000-000000000002'),
      'DECRYPT_FAILED',
    );
  });

  it('rejects a (forged) slot holding a key other than the case’s stored public key', () => {
    const realCase = generateCaseKeyPair();
    const forgedKey = generateCaseKeyPair();
    const user = generateUserKeyPair();
    const forged = sealKeySlot(forgedKey.privateKey, user.publicKey, CASE_ID); // anyone can seal to a public key
    expect(toHex(openKeySlot(forged, user, CASE_ID).publicKey)).toBe(toHex(forgedKey.publicKey));
    expectCryptoError(() => openKeySlot(forged, user, CASE_ID, realCase.publicKey), 'DECRYPT_FAILED');
  });

  it('fails on every flipped byte, and on bad versions and lengths', () => {
    const caseKp = generateCaseKeyPair();
    const user = generateUserKeyPair();
    const slot = sealKeySlot(caseKp.privateKey, user.publicKey, CASE_ID);
    for (let i = 0; i < slot.length; i++) {
      const t = slot.slice();
      t[i] ^= 0x80;
      expect(cryptoErrorOf(() => openKeySlot(t, user, CASE_ID)).code).toBe(
        i === 0 ? 'UNSUPPORTED_VERSION' : 'DECRYPT_FAILED',
      );
    }
    expectCryptoError(() => openKeySlot(slot.subarray(0, 112), user, CASE_ID), 'BAD_ENVELOPE');
    expectCryptoError(() => sealKeySlot(caseKp.privateKey, user.publicKey, ''), 'INVALID_INPUT');
    expectCryptoError(() => sealKeySlot(new Uint8Array(16), user.publicKey, CASE_ID), 'INVALID_KEY');
  });

  it('leaves the caller’s private key intact', () => {
    const caseKp = generateCaseKeyPair();
    const copy = caseKp.privateKey.slice();
    sealKeySlot(caseKp.privateKey, generateUserKeyPair().publicKey, CASE_ID);
    expect(toHex(caseKp.privateKey)).toBe(toHex(copy));
  });
});

describe('reporter slot', () => {
  const salt = fixedBytes(16, 7);

  it('round-trips with the receipt-derived slot key', () => {
    const caseKp = generateCaseKeyPair();
    const receipt = generateReceipt();
    const { slotKey } = deriveReceiptKeys(receipt, salt, FAST_KDF);
    const slot = sealReporterSlot(caseKp.privateKey, slotKey, CASE_ID);
    expect(slot.length).toBe(REPORTER_SLOT_BYTES);
    // The reporter types the receipt again, maybe with dashes.
    const again = deriveReceiptKeys(receipt.replace(/ /g, '-'), salt, FAST_KDF);
    const opened = openReporterSlot(slot, again.slotKey, CASE_ID, caseKp.publicKey);
    expect(toHex(opened.privateKey)).toBe(toHex(caseKp.privateKey));
    expect(toHex(opened.publicKey)).toBe(toHex(caseKp.publicKey));
  });

  it('fails with a wrong receipt, with the lookup value, and for another case', () => {
    const caseKp = generateCaseKeyPair();
    const keys = deriveReceiptKeys('1111 2222 3333 4444', salt, FAST_KDF);
    const slot = sealReporterSlot(caseKp.privateKey, keys.slotKey, CASE_ID);
    const wrong = deriveReceiptKeys('1111 2222 3333 4445', salt, FAST_KDF);
    expectCryptoError(() => openReporterSlot(slot, wrong.slotKey, CASE_ID), 'DECRYPT_FAILED');
    expectCryptoError(() => openReporterSlot(slot, keys.lookupValue, CASE_ID), 'DECRYPT_FAILED');
    expectCryptoError(() => openReporterSlot(slot, keys.slotKey, 'another-case'), 'DECRYPT_FAILED');
    const otherSalt = deriveReceiptKeys('1111 2222 3333 4444', fixedBytes(16, 8), FAST_KDF);
    expectCryptoError(() => openReporterSlot(slot, otherSalt.slotKey, CASE_ID), 'DECRYPT_FAILED');
  });

  it('fails on every flipped byte', () => {
    const caseKp = generateCaseKeyPair();
    const slotKey = fixedBytes(32, 99);
    const slot = sealReporterSlot(caseKp.privateKey, slotKey, CASE_ID);
    for (let i = 0; i < slot.length; i++) {
      const t = slot.slice();
      t[i] ^= 0x04;
      expect(cryptoErrorOf(() => openReporterSlot(t, slotKey, CASE_ID)).code).toBe(
        i === 0 ? 'UNSUPPORTED_VERSION' : 'DECRYPT_FAILED',
      );
    }
    // An explicit bad version byte (slot.subarray(1) would start with a random nonce byte, 0x01
    // once in 256 runs).
    const badVersion = slot.slice();
    badVersion[0] = 0x02;
    expectCryptoError(() => openReporterSlot(badVersion, slotKey, CASE_ID), 'UNSUPPORTED_VERSION');
    badVersion[0] = 0x00;
    expectCryptoError(() => openReporterSlot(badVersion, slotKey, CASE_ID), 'UNSUPPORTED_VERSION');
    expectCryptoError(() => openReporterSlot(slot.subarray(0, 72), slotKey, CASE_ID), 'BAD_ENVELOPE');
    expectCryptoError(() => openReporterSlot(slot, new Uint8Array(31), CASE_ID), 'INVALID_KEY');
  });
});

describe('checked openers (expected case public key required)', () => {
  it('open a genuine slot and return the case key pair', () => {
    const caseKp = generateCaseKeyPair();
    const user = generateUserKeyPair();
    const slot = sealKeySlot(caseKp.privateKey, user.publicKey, CASE_ID);
    expect(toHex(openKeySlotChecked(slot, user, CASE_ID, caseKp.publicKey).privateKey)).toBe(
      toHex(caseKp.privateKey),
    );
    const slotKey = fixedBytes(32, 3);
    const rslot = sealReporterSlot(caseKp.privateKey, slotKey, CASE_ID);
    expect(toHex(openReporterSlotChecked(rslot, slotKey, CASE_ID, caseKp.publicKey).privateKey)).toBe(
      toHex(caseKp.privateKey),
    );
  });

  it('refuse a forged slot holding another key (recovery tool, user, reporter)', () => {
    const realCase = generateCaseKeyPair();
    const forgedKey = generateCaseKeyPair();
    const recovery = generateRecoveryKeyPair();
    const forged = sealKeySlot(forgedKey.privateKey, recovery.publicKey, CASE_ID);
    expectCryptoError(
      () => openKeySlotChecked(forged, recovery, CASE_ID, realCase.publicKey),
      'DECRYPT_FAILED',
    );
    const slotKey = fixedBytes(32, 4);
    const rforged = sealReporterSlot(forgedKey.privateKey, slotKey, CASE_ID);
    expectCryptoError(
      () => openReporterSlotChecked(rforged, slotKey, CASE_ID, realCase.publicKey),
      'DECRYPT_FAILED',
    );
  });

  it('refuse to run without a well-formed expected public key (INVALID_KEY)', () => {
    const caseKp = generateCaseKeyPair();
    const user = generateUserKeyPair();
    const slot = sealKeySlot(caseKp.privateKey, user.publicKey, CASE_ID);
    const rslot = sealReporterSlot(caseKp.privateKey, fixedBytes(32, 5), CASE_ID);
    for (const bad of [undefined, null, new Uint8Array(31), 'key']) {
      const expected = bad as unknown as Uint8Array;
      expectCryptoError(() => openKeySlotChecked(slot, user, CASE_ID, expected), 'INVALID_KEY');
      expectCryptoError(
        () => openReporterSlotChecked(rslot, fixedBytes(32, 5), CASE_ID, expected),
        'INVALID_KEY',
      );
    }
  });
});
