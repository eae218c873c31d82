import { Inject, Injectable } from '@nestjs/common';
import {
  hash,
  initCrypto,
  sign,
  signingKeyPairFromSecret,
  toBase64Url,
  verifySignature,
  type KeyPair,
} from '../crypto';
import { APP_CONFIG, AppConfig } from '../config';
import { AuditCheckpoint } from './audit-checkpoint.repository';
import { checkpointMessage } from './audit-canonical';

/** A short public name of a signing key: base64url of BLAKE2b-128 of the Ed25519 public key. */
export function signingKeyId(publicKey: Uint8Array): string {
  return toBase64Url(hash(publicKey, { outputLength: 16 }));
}

/** True when the checkpoint carries `publicKey`'s id and a valid signature of its seq, hash and time. */
export function checkpointSignatureValid(c: AuditCheckpoint, publicKey: Uint8Array): boolean {
  if (c.keyId !== signingKeyId(publicKey)) return false;
  return verifySignature(c.signature, checkpointMessage(c), publicKey);
}

/** Signs checkpoints with the install's audit key (`config.secrets.auditSigningKey`). */
@Injectable()
export class AuditSigner {
  private keyPair?: KeyPair;

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'secrets'>) {}

  private async keys(): Promise<KeyPair> {
    if (!this.keyPair) {
      await initCrypto();
      this.keyPair = signingKeyPairFromSecret(this.config.secrets.auditSigningKey);
    }
    return this.keyPair;
  }

  async publicKey(): Promise<Uint8Array> {
    return (await this.keys()).publicKey;
  }

  async sign(seq: number, chainHash: Buffer, signedAt: Date = new Date()): Promise<AuditCheckpoint> {
    const { publicKey, privateKey } = await this.keys();
    const fields = { seq, hash: chainHash, signedAt: signedAt.toISOString() };
    return {
      ...fields,
      keyId: signingKeyId(publicKey),
      signature: Buffer.from(sign(checkpointMessage(fields), privateKey)),
    };
  }
}
