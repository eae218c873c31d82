import { randomBytes } from './aead';
import { boxKeyPairFromPrivateKey, BOX_PRIVATE_KEY_BYTES, generateBoxKeyPair } from './box';
import { CryptoError } from './errors';
import { equalBytes, fromBase64Url, isBytes, toBase64Url, wipe } from './encoding';
import { sodium } from './sodium';
import type { KeyPair } from './types';

/*
 * What `init` generates. Two kinds of material, kept apart on purpose:
 *
 * SERVER KEEPS (secrets file / environment, never in the database):
 *   blindIndexKey (32)   keys the duplicate-hint blind index
 *   receiptPepper (32)   turns receipt lookup values into stored lookup ids
 *   receiptSalt   (16)   per-install Argon2id salt of receipts — PUBLIC (sent to intake pages),
 *                        kept here only because it is generated with the rest
 *   auditSigningKey (32) Ed25519 seed of the audit checkpoint key (64-byte secret key accepted)
 *   totpKey (32)         encrypts TOTP secrets at rest
 *   recoveryPublicKey (32) the recovery PUBLIC key: new cases get a recovery slot sealed to it
 *
 * SHOWN ONCE TO ADMINISTRATORS (never written by the server):
 *   recoveryPrivateKey (32) — printed once by `init`, stored offline (paper, hardware), used
 *   by the recovery CLI (key on stdin) to restore access when a caseworker loses a password.
 *
 * The field names match src/config/sections/secrets.section.ts; values are base64url without
 * padding.
 */
export interface ServerSecrets {
  blindIndexKey: Uint8Array;
  receiptPepper: Uint8Array;
  receiptSalt: Uint8Array;
  auditSigningKey: Uint8Array;
  totpKey: Uint8Array;
}

export type ServerSecretName = keyof ServerSecrets;
export type ServerSecretsRecord = Record<ServerSecretName, string>;

/** Allowed byte lengths of each secret. */
export const SERVER_SECRET_LENGTHS: Readonly<Record<ServerSecretName, readonly number[]>> = Object.freeze({
  blindIndexKey: [32],
  receiptPepper: [32],
  receiptSalt: [16],
  auditSigningKey: [32, 64],
  totpKey: [32],
});

const SECRET_NAMES = Object.keys(SERVER_SECRET_LENGTHS) as ServerSecretName[];

/** Fresh random server secrets (from the CSPRNG). The caller owns them. */
export function generateServerSecrets(): ServerSecrets {
  return {
    blindIndexKey: randomBytes(32),
    receiptPepper: randomBytes(32),
    receiptSalt: randomBytes(16),
    auditSigningKey: randomBytes(32),
    totpKey: randomBytes(32),
  };
}

export function serialiseServerSecrets(secrets: ServerSecrets): ServerSecretsRecord {
  const out = {} as ServerSecretsRecord;
  for (const name of SECRET_NAMES) out[name] = toBase64Url(secrets[name]);
  return out;
}

/**
 * Parses and validates a secrets record ({name: base64url}). Throws INVALID_KEY naming the
 * field (never its value) when one is missing, not base64url, of the wrong length, all zeros,
 * or equal to another secret (a copy-paste mistake that would break domain separation).
 */
export function parseServerSecrets(record: unknown): ServerSecrets {
  if (!record || typeof record !== 'object')
    throw new CryptoError('INVALID_KEY', 'server secrets must be an object');
  const input = record as Record<string, unknown>;
  const out = {} as ServerSecrets;
  try {
    for (const name of SECRET_NAMES) {
      const raw = input[name];
      let bytes: Uint8Array;
      if (isBytes(raw)) bytes = raw.slice();
      else if (typeof raw === 'string') {
        try {
          bytes = fromBase64Url(raw.trim());
        } catch {
          throw new CryptoError('INVALID_KEY', `server secret ${name} is not base64url`);
        }
      } else throw new CryptoError('INVALID_KEY', `server secret ${name} is missing`);
      // Kept in `out` at once, so the catch below wipes it whatever check fails next.
      out[name] = bytes;
      if (!SERVER_SECRET_LENGTHS[name].includes(bytes.length)) {
        throw new CryptoError(
          'INVALID_KEY',
          `server secret ${name} must be ${SERVER_SECRET_LENGTHS[name].join(' or ')} bytes`,
        );
      }
      if (sodium().is_zero(bytes)) throw new CryptoError('INVALID_KEY', `server secret ${name} is all zeros`);
    }
    for (let i = 0; i < SECRET_NAMES.length; i++) {
      for (let j = i + 1; j < SECRET_NAMES.length; j++) {
        const a = out[SECRET_NAMES[i]];
        const b = out[SECRET_NAMES[j]];
        if (equalBytes(a.subarray(0, 16), b.subarray(0, 16))) {
          throw new CryptoError(
            'INVALID_KEY',
            `server secrets ${SECRET_NAMES[i]} and ${SECRET_NAMES[j]} are equal`,
          );
        }
      }
    }
    return out;
  } catch (e) {
    // Never leave the already-decoded secrets of a rejected record in memory.
    wipe(...Object.values(out));
    throw e;
  }
}

/** The organisation's recovery key pair (X25519). The private key is shown once, never stored. */
export function generateRecoveryKeyPair(): KeyPair {
  return generateBoxKeyPair();
}

export interface InitMaterial {
  /** Written to the secrets file (0600) / environment. */
  serverKeeps: ServerSecretsRecord & { recoveryPublicKey: string };
  /** Printed once for the administrators; the server forgets it. */
  showOnceToAdministrators: { recoveryPrivateKey: string };
}

/**
 * Everything `corridor init` needs, already split into what the server keeps and what is shown
 * once. The generated raw buffers are wiped; only the encoded strings remain (JS strings cannot
 * be wiped: print them and drop the reference).
 */
export function generateInitMaterial(): InitMaterial {
  const secrets = generateServerSecrets();
  const recovery = generateRecoveryKeyPair();
  try {
    return {
      serverKeeps: { ...serialiseServerSecrets(secrets), recoveryPublicKey: toBase64Url(recovery.publicKey) },
      showOnceToAdministrators: { recoveryPrivateKey: toBase64Url(recovery.privateKey) },
    };
  } finally {
    wipe(...Object.values(secrets), recovery.privateKey);
  }
}

/**
 * Parses a recovery private key typed or piped by an administrator (whitespace ignored) and,
 * when given, checks it against the configured recovery public key. Throws INVALID_KEY.
 */
export function parseRecoveryPrivateKey(text: string, expectedPublicKey?: Uint8Array): KeyPair {
  if (typeof text !== 'string') throw new CryptoError('INVALID_KEY', 'recovery key must be text');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(text.replace(/\s+/g, ''));
  } catch {
    throw new CryptoError('INVALID_KEY', 'recovery key is not base64url');
  }
  if (bytes.length !== BOX_PRIVATE_KEY_BYTES) {
    wipe(bytes);
    throw new CryptoError('INVALID_KEY', 'recovery key must be 32 bytes');
  }
  const kp = boxKeyPairFromPrivateKey(bytes);
  wipe(bytes);
  if (expectedPublicKey !== undefined && !equalBytes(kp.publicKey, expectedPublicKey)) {
    wipe(kp.privateKey);
    throw new CryptoError('INVALID_KEY', 'recovery key does not match the configured recovery public key');
  }
  return kp;
}
