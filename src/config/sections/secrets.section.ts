import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Server secrets. Each is read from its environment variable, else from the secrets file that
 * `corridor init` writes (mode 0600), else — outside production only — from a fixed development
 * value. Production refuses to start when one is missing or equals its development value.
 */
export interface SecretSpec {
  env: string;
  /** The key of this secret in the secrets file. */
  fileKey: SecretName;
  lengths: number[];
  description: string;
}

export type SecretName =
  'blindIndexKey' | 'receiptPepper' | 'receiptSalt' | 'auditSigningKey' | 'totpKey' | 'recoveryPublicKey';

export const SECRET_SPECS: readonly SecretSpec[] = [
  {
    env: 'CORRIDOR_BLIND_INDEX_KEY',
    fileKey: 'blindIndexKey',
    lengths: [32],
    description: 'keys the duplicate-hint blind index',
  },
  {
    env: 'CORRIDOR_RECEIPT_PEPPER',
    fileKey: 'receiptPepper',
    lengths: [32],
    description: 'turns receipt lookup values into stored lookup ids',
  },
  {
    env: 'CORRIDOR_RECEIPT_SALT',
    fileKey: 'receiptSalt',
    lengths: [16],
    description: 'per-install Argon2id salt of receipts (published to intake pages)',
  },
  {
    env: 'CORRIDOR_AUDIT_SIGNING_KEY',
    fileKey: 'auditSigningKey',
    lengths: [32, 64],
    description: 'Ed25519 key that signs audit checkpoints',
  },
  {
    env: 'CORRIDOR_TOTP_KEY',
    fileKey: 'totpKey',
    lengths: [32],
    description: 'encrypts TOTP secrets at rest',
  },
  {
    env: 'CORRIDOR_RECOVERY_PUBLIC_KEY',
    fileKey: 'recoveryPublicKey',
    lengths: [32],
    description: 'recovery public key (its private key is kept offline)',
  },
];

export type ServerSecrets = Record<SecretName, Uint8Array>;

/** Development values: fixed, public, and therefore refused in production. */
export function developmentSecret(name: SecretName, length: number): Uint8Array {
  const seed = Buffer.from(`corridor-development-only:${name}:`, 'utf8');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = seed[i % seed.length];
  return out;
}

export const secretsSection = {
  schema: z.object({
    CORRIDOR_SECRETS_FILE: z.string().min(1).default('.corridor/secrets.json'),
    ...Object.fromEntries(SECRET_SPECS.map((s) => [s.env, z.string().min(1).optional()])),
  }),
  build(env: Record<string, string | undefined>, isProduction: boolean, problems: string[]) {
    const filePath = resolve(env.CORRIDOR_SECRETS_FILE ?? '.corridor/secrets.json');
    const fromFile = readSecretsFile(filePath, problems);
    const values = {} as ServerSecrets;
    const development: SecretName[] = [];
    for (const spec of SECRET_SPECS) {
      const raw = env[spec.env] ?? fromFile[spec.fileKey];
      const devValue = developmentSecret(spec.fileKey, spec.lengths[0]);
      if (raw === undefined) {
        if (isProduction)
          problems.push(`${spec.env} is missing (${spec.description}); run \`npm run cli -- init\``);
        values[spec.fileKey] = devValue;
        development.push(spec.fileKey);
        continue;
      }
      const bytes = decodeBase64Url(raw);
      if (!bytes || !spec.lengths.includes(bytes.length)) {
        problems.push(`${spec.env} must be base64url of ${spec.lengths.join(' or ')} bytes`);
        continue;
      }
      if (Buffer.from(bytes).equals(Buffer.from(devValue))) {
        if (isProduction)
          problems.push(`${spec.env} is the development value; generate a real one with init`);
        development.push(spec.fileKey);
      }
      values[spec.fileKey] = bytes;
    }
    return { secrets: values, secretsFile: filePath, developmentSecrets: development };
  },
};

function readSecretsFile(path: string, problems: string[]): Partial<Record<SecretName, string>> {
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed && typeof parsed === 'object') return parsed as Partial<Record<SecretName, string>>;
  } catch {
    // fall through: the message below must not echo file content
  }
  problems.push(`the secrets file ${path} is not valid JSON`);
  return {};
}

function decodeBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(s)) return null;
  return new Uint8Array(Buffer.from(s, 'base64url'));
}
