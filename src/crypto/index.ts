/**
 * Corridor crypto core: framework-free, runs unchanged in the browser, depends only on libsodium:
 * native (sodium-native) on Node when it loads, WebAssembly (libsodium-wrappers-sumo) in the
 * browser and as the fallback; same functions, same bytes (sodium.ts). Call
 * `await initCrypto()` once before anything else.
 *
 * Ownership convention (also stated per function): secret inputs are BORROWED — never wiped or
 * kept by the callee; returned secret buffers are OWNED by the caller, who should wipe() them.
 * Every error is a CryptoError with a stable `code` and a message free of secrets.
 *
 * Formats and rationale: SECURITY.md.
 */
export {
  initCrypto,
  isCryptoReady,
  sodiumVersion,
  cryptoBackend,
  selectCryptoBackend,
  type CryptoBackendChoice,
  type CryptoBackendName,
} from './sodium';
export { CryptoError, isCryptoError, type CryptoErrorCode } from './errors';
export type { ContentLocation, KeyPair } from './types';
export {
  toBase64Url,
  fromBase64Url,
  toHex,
  fromHex,
  utf8Encode,
  utf8Decode,
  wipe,
  equalBytes,
  isBytes,
} from './encoding';
export { MAX_PLAINTEXT_BYTES, MIN_PADDED_BYTES, MAX_PADDED_BYTES, paddedLength } from './padding';
export {
  sealToCase,
  openFromCase,
  openFromCaseAsString,
  parseEnvelope,
  ENVELOPE_VERSION,
  MIN_ENVELOPE_BYTES,
} from './envelope';
export {
  generateCaseKeyPair,
  sealKeySlot,
  openKeySlot,
  sealReporterSlot,
  openReporterSlot,
  openKeySlotChecked,
  openReporterSlotChecked,
  KEY_SLOT_BYTES,
  REPORTER_SLOT_BYTES,
} from './key-slots';
export {
  DEFAULT_PASSWORD_KDF,
  DEFAULT_RECEIPT_KDF,
  KDF_LIMITS,
  MIN_PRODUCTION_PASSWORD_KDF,
  MIN_PRODUCTION_RECEIPT_KDF,
  isProductionStrength,
  validateKdfParams,
  formatKdfParams,
  parseKdfParams,
  type PasswordKdfParams,
} from './kdf';
export {
  generatePasswordSalt,
  derivePasswordKeys,
  verifyPasswordVerifier,
  wrapUserPrivateKey,
  unwrapUserPrivateKey,
  buildUserKeyRecord,
  createUserKeys,
  unlockUserPrivateKey,
  unlockUserKeys,
  rewrapUserKeys,
  type PasswordKeys,
  type UserKeyRecord,
} from './user-keys';
export {
  generateBoxKeyPair as generateUserKeyPair,
  boxKeyPairFromPrivateKey as keyPairFromPrivateKey,
} from './box';
export {
  generateSessionToken,
  hashSessionToken,
  wrapForSession,
  unwrapForSession,
  MAX_SESSION_BINDING_BYTES,
} from './sessions';
export {
  generateReceipt,
  normaliseReceipt,
  formatReceipt,
  deriveReceiptKeys,
  receiptLookupId,
  type ReceiptKeys,
} from './receipts';
export {
  blindIndex,
  normalisePhone,
  normaliseHandle,
  normaliseEmail,
  DEFAULT_BLIND_INDEX_BITS,
  type BlindIndexKind,
} from './blind-index';
export {
  generateSigningKeyPair,
  signingKeyPairFromSecret,
  sign,
  verifySignature,
  hash,
  type HashOptions,
} from './signatures';
export { encryptWithKey, decryptWithKey, decryptWithKeyAsString } from './symmetric';
export {
  generateServerSecrets,
  serialiseServerSecrets,
  parseServerSecrets,
  generateRecoveryKeyPair,
  generateInitMaterial,
  parseRecoveryPrivateKey,
  SERVER_SECRET_LENGTHS,
  type ServerSecrets,
  type ServerSecretsRecord,
  type InitMaterial,
} from './server-secrets';
export { randomBytes } from './aead';
