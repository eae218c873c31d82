import * as sodiumNamespace from 'libsodium-wrappers-sumo';

/*
 * An independent decoder of referral packages, written from SECURITY.md ("Referrals to partner
 * organisations", "Envelope format v1") alone: bare libsodium calls, no import of src/. It is what a
 * partner organisation could write in any language to open what Corridor sends them.
 */
type Sodium = typeof sodiumNamespace;

async function sodium(): Promise<Sodium> {
  const live = (sodiumNamespace as unknown as { default?: Sodium }).default ?? sodiumNamespace;
  await live.ready;
  return live;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
/** lp(s): 2-byte big-endian byte length ‖ UTF-8 bytes. */
const lp = (s: string) => {
  const b = utf8(s);
  return new Uint8Array([b.length >> 8, b.length & 0xff, ...b]);
};
const cat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

export interface DecodedReferral {
  /** The plaintext exactly as it was sealed (UTF-8 JSON text). */
  text: string;
  content: { format: string; referralId: string; acknowledgeBy: string; fields: Record<string, unknown> };
}

/** Opens a package document (the JSON text) with the partner's 32-byte X25519 private key. */
export async function decodeReferralPackage(
  documentText: string,
  privateKey: Uint8Array,
): Promise<DecodedReferral> {
  const na = await sodium();
  const document = JSON.parse(documentText) as { format: string; referralId: string; envelope: string };
  if (document.format !== 'corridor-referral-package/1') throw new Error('not a referral package');
  const envelope = na.from_base64(document.envelope, na.base64_variants.URLSAFE_NO_PADDING);
  if (envelope[0] !== 0x01) throw new Error('unknown envelope version');
  const sealedKey = envelope.subarray(1, 81);
  const nonce = envelope.subarray(81, 105);
  const ciphertext = envelope.subarray(105);
  const publicKey = na.crypto_scalarmult_base(privateKey);
  const dataKey = na.crypto_box_seal_open(sealedKey, publicKey, privateKey);
  const ad = cat(
    new Uint8Array([0x01]),
    lp('corridor/envelope'),
    lp('referral-package'),
    lp('referrals'),
    lp('package'),
    lp(document.referralId),
    sealedKey,
  );
  const padded = na.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, dataKey);
  const plaintext = na.unpad(padded, padded.length);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  const content = JSON.parse(text) as DecodedReferral['content'];
  if (content.format !== 'corridor-referral/1' || content.referralId !== document.referralId)
    throw new Error('the content is not this referral');
  return { text, content };
}
