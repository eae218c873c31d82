import { Injectable } from '@nestjs/common';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CommonErrorCode, commonError } from '../common/errors';
import { KeyPair, isCryptoError, openKeySlotChecked, sealKeySlot, wipe } from '../crypto';
import { KeysService } from '../keys/keys.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

export interface RecoveryResult {
  keySlotsRestored: number;
  /** Slots with no recovery slot beside them, or one that does not open with this key. */
  keySlotsFailed: number;
}

/**
 * After an admin password reset a user has a new key pair and their slots are sealed to the old
 * one. With the recovery private key (offline, on stdin), every case they held a slot for is
 * opened through its recovery slot and re-sealed to their current public key, in one transaction.
 */
@Injectable()
export class RecoveryService {
  constructor(
    private readonly users: UsersRepository,
    private readonly slots: KeysService,
    private readonly audit: AuditService,
  ) {}

  async recoverUser(username: string, recovery: KeyPair): Promise<RecoveryResult> {
    const user = await this.users.findByUsername(UsersService.normaliseUsername(username));
    if (!user) throw commonError(CommonErrorCode.NOT_FOUND);
    const userPublicKey = new Uint8Array(user.publicKey);
    return this.users.transaction(async (manager) => {
      const result: RecoveryResult = { keySlotsRestored: 0, keySlotsFailed: 0 };
      for (const slot of await this.slots.userSlots(user.id, manager)) {
        const recoverySlot = await this.slots.recoverySlot(slot.keyId, manager);
        if (!recoverySlot) {
          result.keySlotsFailed++;
          continue;
        }
        const casePublicKey = await this.slots.publicKeyOf(slot.keyId, manager);
        if (!casePublicKey) {
          result.keySlotsFailed++;
          continue;
        }
        let caseKeys: KeyPair | undefined;
        try {
          // Checked: a recovery slot planted by a database writer must not hand users its key.
          caseKeys = openKeySlotChecked(
            new Uint8Array(recoverySlot.sealedKey),
            recovery,
            slot.keyId,
            casePublicKey,
          );
          await this.slots.replaceUserSlot(
            manager,
            slot.keyId,
            user.id,
            sealKeySlot(caseKeys.privateKey, userPublicKey, slot.keyId),
          );
          result.keySlotsRestored++;
        } catch (error) {
          if (!isCryptoError(error)) throw error;
          result.keySlotsFailed++;
        } finally {
          wipe(caseKeys?.privateKey);
        }
      }
      await this.audit.record(manager, {
        actor: { type: 'system' },
        action: AuditAction.USER_RECOVERED,
        targetType: 'user',
        targetId: user.id,
        details: { ...result },
      });
      return result;
    });
  }
}
