import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import {
  DEFAULT_RECEIPT_KDF,
  generateReceipt,
  isCryptoError,
  normaliseReceipt,
  receiptLookupId,
  sealReporterSlot,
  wipe,
  type PasswordKdfParams,
} from '../crypto';
import { CryptoPool } from '../crypto-pool';
import { IntakeErrorCode, intakeError } from './intake.errors';

/** A receipt's keys as the server derives them; `slotKey` opens the reporter slot (wipe it). */
export interface ReceiptSecrets {
  lookupId: string;
  slotKey: Uint8Array;
}

/**
 * Receipts on the server side. The receipt KDF (Argon2id) runs in the shared worker-thread pool so
 * that it never blocks the event loop. Only the peppered lookup id is ever stored.
 */
@Injectable()
export class ReceiptService {
  /** Published with the form so that a browser derives the same keys. */
  readonly kdf: Readonly<PasswordKdfParams> = DEFAULT_RECEIPT_KDF;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CryptoPool) private readonly pool: CryptoPool,
  ) {}

  get salt(): Uint8Array {
    return this.config.secrets.receiptSalt;
  }

  /** The stored lookup id of a lookup value (sealed mode: the browser sends the value). */
  lookupIdOf(lookupValue: Uint8Array): string {
    return receiptLookupId(lookupValue, this.config.secrets.receiptPepper);
  }

  /** Plaintext mode: a new receipt, and the reporter slot sealed under its slot key. */
  async issue(
    reportId: string,
    casePrivateKey: Uint8Array,
    clientGone?: AbortSignal,
  ): Promise<{ receipt: string; reporterSlot: Uint8Array; lookupId: string }> {
    const receipt = generateReceipt();
    const { lookupId, slotKey } = await this.derive(receipt, clientGone);
    try {
      return { receipt, reporterSlot: sealReporterSlot(casePrivateKey, slotKey, reportId), lookupId };
    } finally {
      wipe(slotKey);
    }
  }

  /** The keys of a receipt a reporter typed, or null when it is not a receipt at all. */
  async secretsOf(typed: string): Promise<ReceiptSecrets | null> {
    if (normaliseReceipt(typed) === null) return null;
    return this.derive(typed);
  }

  /** `clientGone`: the derivation leaves the pool's queue when it fires (the caller then hears BUSY). */
  private async derive(receipt: string, clientGone?: AbortSignal): Promise<ReceiptSecrets> {
    try {
      const { slotKey, lookupValue } = await this.pool.deriveReceiptKeys(receipt, this.salt, this.kdf, {
        signal: clientGone,
      });
      try {
        return { lookupId: this.lookupIdOf(lookupValue), slotKey };
      } finally {
        wipe(lookupValue);
      }
    } catch (error) {
      if (isCryptoError(error) && error.code === 'BUSY') throw intakeError(IntakeErrorCode.INTAKE_BUSY);
      // Nobody reads this answer (the client has gone); a 503 keeps it out of the 5xx-bug count.
      if (clientGone?.aborted) throw intakeError(IntakeErrorCode.INTAKE_BUSY);
      throw error;
    }
  }
}
