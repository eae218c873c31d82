import { createHash, createPrivateKey, createPublicKey, diffieHellman, sign as nodeSign } from 'node:crypto';
import { argon2id as nobleArgon2id } from '@noble/hashes/argon2';
import { blake2b as nobleBlake2b } from '@noble/hashes/blake2b';
import { xchacha20poly1305 as nobleXChaCha } from '@noble/ciphers/chacha';
import { hsalsa, xsalsa20poly1305 as nobleXSalsa } from '@noble/ciphers/salsa';
import {
  fromHex,
  hash,
  initCrypto,
  signingKeyPairFromSecret,
  sign,
  toHex,
  verifySignature,
  utf8Encode,
} from '../../src/crypto';
import { aeadDecrypt, aeadEncrypt } from '../../src/crypto/aead';
import { boxSeal, boxSealOpen, boxKeyPairFromPrivateKey } from '../../src/crypto/box';
import { sodium } from '../../src/crypto/sodium';
import { expectCryptoError, fixedBytes } from './helpers';

/*
 * External known answers for the primitives src/crypto builds on. Unlike vectors.spec.ts (bytes the
 * module produced itself, a regression check), every expected value here comes from a published
 * standard or from libsodium's own test suite, and where a vector cannot be run through the module
 * as is, an independent implementation (Node's OpenSSL, the audited @noble packages) checks the
 * module instead. Sources are cited at each vector; values are copied, never computed here.
 */
beforeAll(() => initCrypto());

/** Hex to bytes without the module (usable before initCrypto, and independent of its decoder). */
const hex = (...parts: string[]) => new Uint8Array(Buffer.from(parts.join(''), 'hex'));
/** PKCS#8 DER headers of a raw 32-byte Ed25519 / X25519 private key (RFC 8410), for Node's crypto. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

describe('BLAKE2b (crypto_generichash; the module`s hash())', () => {
  it('RFC 7693 Appendix A: BLAKE2b-512("abc")', () => {
    const expected =
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1' +
      '7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923';
    expect(toHex(hash('abc', { outputLength: 64 }))).toBe(expected);
    // Node's OpenSSL BLAKE2b-512 agrees (an implementation that shares no code with libsodium).
    expect(createHash('blake2b512').update('abc').digest('hex')).toBe(expected);
  });

  it('BLAKE2 reference KAT (blake2b-kat.txt, keyed, key = 00..3f): empty input and input 00', () => {
    const key = fixedBytes(64, 0);
    expect(toHex(hash(new Uint8Array(0), { key, outputLength: 64 }))).toBe(
      '10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786' +
        'b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568',
    );
    expect(toHex(hash(new Uint8Array([0]), { key, outputLength: 64 }))).toBe(
      '961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4' +
        '187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd',
    );
  });

  it('agrees with @noble/hashes for the keyed, truncated outputs the formats use (16, 24, 32 bytes)', () => {
    const key = fixedBytes(32, 7);
    const data = utf8Encode('corridor/bi1\u0001+79123456789');
    for (const dkLen of [16, 24, 32, 48]) {
      expect(toHex(hash(data, { key, outputLength: dkLen }))).toBe(toHex(nobleBlake2b(data, { key, dkLen })));
      expect(toHex(hash(data, { outputLength: dkLen }))).toBe(toHex(nobleBlake2b(data, { dkLen })));
    }
  });
});

describe('crypto_kdf_derive_from_key (keyed BLAKE2b with salt and personalisation)', () => {
  // libsodium test/default/kdf.c + kdf.exp: master key 00..1f, context "KDF test".
  const master = fixedBytes(32, 0);
  it('libsodium kdf.exp: subkey ids 0 and 1 at 64 bytes, id 32 at 32 bytes', () => {
    const s = sodium();
    expect(toHex(s.crypto_kdf_derive_from_key(64, 0, 'KDF test', master))).toBe(
      'a0c724404728c8bb95e5433eb6a9716171144d61efb23e74b873fcbeda51d807' +
        '1b5d70aae12066dfc94ce943f145aa176c055040c3dd73b0a15e36254d450614',
    );
    expect(toHex(s.crypto_kdf_derive_from_key(64, 1, 'KDF test', master))).toBe(
      '02507f144fa9bf19010bf7c70b235b4c2663cc00e074f929602a5e2c10a78075' +
        '7d2a3993d06debc378a90efdac196dd841817b977d67b786804f6d3cd585bab5',
    );
    expect(toHex(s.crypto_kdf_derive_from_key(32, 32, 'KDF test', master))).toBe(
      '154b291f11196737f8b7f491e4ca11764e0227d34f94295408a869f007aa8618',
    );
  });

  it('is BLAKE2b(key = master, salt = LE64(id) ‖ 0^8, personal = context ‖ 0^8) — the model the format re-derivations rely on', () => {
    expect(toHex(nobleKdf(32, 32, 'KDF test', master))).toBe(
      '154b291f11196737f8b7f491e4ca11764e0227d34f94295408a869f007aa8618',
    );
  });
});

describe('Argon2id (crypto_pwhash, ALG_ARGON2ID13, one lane, no secret or associated data)', () => {
  it('RFC 9106 §5.3 validates the independent implementation used below (@noble/hashes)', () => {
    // RFC 9106 needs p = 4, a secret and associated data, which libsodium's crypto_pwhash cannot take.
    const tag = nobleArgon2id(new Uint8Array(32).fill(1), new Uint8Array(16).fill(2), {
      t: 3,
      m: 32,
      p: 4,
      dkLen: 32,
      key: new Uint8Array(8).fill(3),
      personalization: new Uint8Array(12).fill(4),
    });
    expect(toHex(tag)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });

  // Expected outputs: pwhash_argon2id.exp, one line per tv[] entry in order (entry 3 is refused).
  it('libsodium test/default/pwhash_argon2id.c tv[6] (t=1, 1631659 bytes → 1593 KiB, 231-byte output)', () => {
    const out = sodium().crypto_pwhash(
      231,
      hex('b540beb016a5366524d4605156493f9874514a5aa58818cd0c6dfffaa9e90205f17b'),
      hex('44071f6d181561670bda728d43fb79b4'), // crypto_pwhash reads the first 16 bytes of the salt
      1,
      1631659,
      sodium().crypto_pwhash_ALG_ARGON2ID13,
    );
    expect(toHex(out)).toBe(
      '7fb72409b0987f8190c3729710e98c3f80c5a8727d425fdcde7f3644d467fe973f5b5fee683bd3fce812cb9ae5e9921a2d06c2f1905e4e839692f2b934b682f11a2fe2b90482ea5dd234863516dba6f52dc0702d324ec77d860c2e181f84472bd7104fedce071ffa93c5309494ad51623d214447a7b2b1462dc7d5d55a1f6fd5b54ce024118d86f0c6489d16545aaa87b6689dad9f2fb47fda9894f8e12b87d978b483ccd4cc5fd9595cdc7a818452f915ce2f7df95ec12b1c72e3788d473441d884f9748eb14703c21b45d82fd667b85f5b2d98c13303b3fe76285531a826b6fc0fe8e3dddecf',
    );
  });

  it('libsodium pwhash_argon2id.c tv[4] (t=3, 1432947 bytes → 1399 KiB, 190-byte output)', () => {
    const out = sodium().crypto_pwhash(
      190,
      hex(
        '4a857e2ee8aa9b6056f2424e84d24a72473378906ee04a46cb05311502d5250b82',
        'ad86b83c8f20a23dbb74f6da60b0b6ecffd67134d45946ac8ebfb3064294bc097d',
        '43ced68642bfb8bbbdd0f50b30118f5e',
      ),
      hex('39d82eef32010b8b79cc5ba88ed539fb'),
      3,
      1432947,
      sodium().crypto_pwhash_ALG_ARGON2ID13,
    );
    expect(toHex(out)).toBe(
      '08d8cd330c57e1b4643241d05bb468ba4ee4e932cd0858816be9ef15360b27bbd06a87130ee92222be267a29b81f5ae8fe8613324cfc4832dc49387fd0602f1c57b4d0f3855db94fb7e12eb05f9a484aed4a4307abf586cd3d55c809bc081541e00b682772fb2066504ff935b8ebc551a2083882f874bc0fae68e56848ae34c91097c3bf0cca8e75c0797eef3efde3f75e005815018db3cf7c109a812264c4de69dcb22322dbbcfa447f5b00ecd1b04a7be1569c8e556adb7bba48adf81d',
    );
  });

  it('with a UTF-8 password it equals the independent implementation (t=1, m=1 MiB, p=1)', () => {
    const salt = fixedBytes(16, 0x40);
    const password = utf8Encode('пароль-orchid-😎');
    const ours = sodium().crypto_pwhash(
      32,
      password,
      salt,
      1,
      1024 * 1024,
      sodium().crypto_pwhash_ALG_ARGON2ID13,
    );
    expect(toHex(ours)).toBe(toHex(nobleArgon2id(password, salt, { t: 1, m: 1024, p: 1, dkLen: 32 })));
  });
});

describe('Ed25519 (the module`s signingKeyPairFromSecret / sign / verifySignature)', () => {
  // RFC 8032 §7.1, TEST 1, TEST 2 and TEST 3.
  const RFC8032 = [
    {
      name: 'TEST 1 (empty message)',
      secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      name: 'TEST 2 (one byte)',
      secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature:
        '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
    {
      name: 'TEST 3 (two bytes)',
      secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
      message: 'af82',
      signature:
        '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    },
  ];

  it.each(RFC8032.map((v) => [v.name, v] as const))('RFC 8032 %s', (_name, v) => {
    const kp = signingKeyPairFromSecret(fromHex(v.secret));
    expect(toHex(kp.publicKey)).toBe(v.publicKey);
    expect(toHex(sign(fromHex(v.message), kp.privateKey))).toBe(v.signature);
    expect(verifySignature(fromHex(v.signature), fromHex(v.message), fromHex(v.publicKey))).toBe(true);
    const forged = fromHex(v.signature);
    forged[0] ^= 1;
    expect(verifySignature(forged, fromHex(v.message), fromHex(v.publicKey))).toBe(false);
  });

  it('a signature made by Node`s OpenSSL Ed25519 verifies, and is byte-identical (Ed25519 is deterministic)', () => {
    const seed = fixedBytes(32, 0x21);
    const kp = signingKeyPairFromSecret(seed);
    const nodeKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const message = utf8Encode('audit checkpoint 42');
    const theirs = new Uint8Array(nodeSign(null, message, nodeKey));
    expect(verifySignature(theirs, message, kp.publicKey)).toBe(true);
    expect(toHex(sign(message, kp.privateKey))).toBe(toHex(theirs));
  });
});

describe('XChaCha20-Poly1305 IETF (the module`s aeadEncrypt / aeadDecrypt)', () => {
  // draft-irtf-cfrg-xchacha-03, Appendix A.3.1 (the vector libsodium's aead_xchacha20poly1305 test uses).
  const plaintext = utf8Encode(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  );
  const aad = hex('50515253c0c1c2c3c4c5c6c7');
  const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
  const nonce = hex('404142434445464748494a4b4c4d4e4f5051525354555657');
  const ciphertext =
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb' +
    '731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
    '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
    '21f9664c97637da9768812f615c68b13b52e';
  const tag = 'c0875924c1c7987947deafd8780acf49';

  it('encrypts to the draft`s ciphertext ‖ tag and decrypts it', () => {
    expect(toHex(aeadEncrypt(plaintext, aad, nonce, key))).toBe(ciphertext + tag);
    expect(aeadDecrypt(hex(ciphertext + tag), aad, nonce, key)).toEqual(plaintext);
    // The independent implementation agrees with the same vector.
    expect(toHex(nobleXChaCha(key, nonce, aad).encrypt(plaintext))).toBe(ciphertext + tag);
  });

  it('refuses a flipped tag bit and a different AD (DECRYPT_FAILED)', () => {
    const forged = hex(ciphertext + tag);
    forged[forged.length - 1] ^= 0x80;
    expectCryptoError(() => aeadDecrypt(forged, aad, nonce, key), 'DECRYPT_FAILED');
    expectCryptoError(
      () => aeadDecrypt(hex(ciphertext + tag), aad.subarray(1), nonce, key),
      'DECRYPT_FAILED',
    );
  });
});

/** crypto_kdf_derive_from_key as libsodium documents it, on @noble/hashes' BLAKE2b. */
function nobleKdf(length: number, id: number, context: string, master: Uint8Array): Uint8Array {
  const salt = new Uint8Array(16);
  new DataView(salt.buffer).setBigUint64(0, BigInt(id), true);
  const personalization = new Uint8Array(16);
  personalization.set(new TextEncoder().encode(context));
  return nobleBlake2b(new Uint8Array(0), { key: master, dkLen: length, salt, personalization });
}

describe('sealed boxes (crypto_box_seal) against an independent construction', () => {
  /*
   * crypto_box_seal as libsodium documents it: epk ‖ crypto_box_easy(m, nonce, pk, esk) with
   * nonce = BLAKE2b-192(epk ‖ pk); crypto_box_easy = XSalsa20-Poly1305 (tag ‖ ciphertext) under
   * HSalsa20(X25519(esk, pk), 0^16). Here X25519 is Node's OpenSSL, HSalsa20, XSalsa20-Poly1305 and
   * BLAKE2b are @noble's: no libsodium code takes part.
   */
  const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]); // "expand 32-byte k"
  const x25519Private = (d: Uint8Array) =>
    createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, d]), format: 'der', type: 'pkcs8' });
  const x25519Public = (x: Uint8Array) =>
    createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(x).toString('base64url') },
      format: 'jwk',
    });
  const x25519PublicOf = (d: Uint8Array): string => x25519Private(d).export({ format: 'jwk' }).x as string;
  function boxKey(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
    const shared = new Uint8Array(
      diffieHellman({ privateKey: x25519Private(privateKey), publicKey: x25519Public(publicKey) }),
    );
    const out = new Uint32Array(8);
    hsalsa(SIGMA, new Uint32Array(shared.buffer.slice(0)), new Uint32Array(4), out);
    return new Uint8Array(out.buffer);
  }
  function independentSeal(
    message: Uint8Array,
    recipientPublicKey: Uint8Array,
    ephemeralPrivate: Uint8Array,
  ) {
    const epk = Buffer.from(x25519PublicOf(ephemeralPrivate), 'base64url');
    const nonce = nobleBlake2b(Buffer.concat([epk, recipientPublicKey]), { dkLen: 24 });
    const box = nobleXSalsa(boxKey(ephemeralPrivate, recipientPublicKey), nonce).encrypt(message);
    return new Uint8Array(Buffer.concat([epk, box]));
  }
  function independentOpen(sealed: Uint8Array, recipientPrivate: Uint8Array, recipientPublic: Uint8Array) {
    const epk = sealed.subarray(0, 32);
    const nonce = nobleBlake2b(Buffer.concat([epk, recipientPublic]), { dkLen: 24 });
    return nobleXSalsa(boxKey(recipientPrivate, epk), nonce).decrypt(sealed.subarray(32));
  }

  const recipient = () => boxKeyPairFromPrivateKey(fixedBytes(32, 0x55));

  it('the module derives the same X25519 public key as Node`s OpenSSL', () => {
    expect(Buffer.from(recipient().publicKey).toString('base64url')).toBe(
      x25519PublicOf(fixedBytes(32, 0x55)),
    );
  });

  it('opens a box sealed by the independent construction, and refuses it altered', () => {
    const message = utf8Encode('a data key of thirty-two bytes!!');
    const sealed = independentSeal(message, recipient().publicKey, fixedBytes(32, 0x99));
    expect(sealed).toHaveLength(32 + 16 + message.length);
    expect(boxSealOpen(sealed, recipient())).toEqual(message);
    sealed[40] ^= 1;
    expectCryptoError(() => boxSealOpen(sealed, recipient()), 'DECRYPT_FAILED');
  });

  it('a box the module seals opens with the independent construction', () => {
    const message = fixedBytes(64, 3);
    const sealed = boxSeal(message, recipient().publicKey);
    expect(independentOpen(sealed, fixedBytes(32, 0x55), recipient().publicKey)).toEqual(message);
  });
});
