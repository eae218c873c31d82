import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { KeySlot } from './key-slot.entity';
import { KeysRepository, NewKey, NewKeySlot } from './keys.repository';

export type { NewKey, NewKeySlot } from './keys.repository';

/**
 * The keys feature's one entry point for other features: key pairs (their public halves) and the
 * slots that hold their private halves. Writers pass their transaction's `manager`, so that a key,
 * its slots and what they protect commit together.
 */
@Injectable()
export class KeysService {
  constructor(private readonly keys: KeysRepository) {}

  /** A new key pair with its slots, in the caller's transaction. */
  async create(manager: EntityManager, key: NewKey, slots: Omit<NewKeySlot, 'keyId'>[] = []): Promise<void> {
    await this.keys.insertKey(manager, key);
    await this.addSlots(
      manager,
      slots.map((s) => ({ ...s, keyId: key.id })),
    );
  }

  addSlots(manager: EntityManager, slots: NewKeySlot[]): Promise<void> {
    return this.keys.insertSlots(manager, slots);
  }

  /**
   * The public key a key's slots must open to, so that a slot forged by someone who can write to
   * the database cannot substitute a key they know.
   */
  publicKeyOf(keyId: string, manager?: EntityManager): Promise<Uint8Array | null> {
    return this.keys.publicKeyOf(keyId, manager);
  }

  userSlot(keyId: string, userId: string, manager?: EntityManager): Promise<KeySlot | null> {
    return this.keys.findUserSlot(keyId, userId, manager);
  }

  recoverySlot(keyId: string, manager?: EntityManager): Promise<KeySlot | null> {
    return this.keys.findSlot(keyId, 'recovery', manager);
  }

  reporterSlot(keyId: string, manager?: EntityManager): Promise<KeySlot | null> {
    return this.keys.findSlot(keyId, 'reporter', manager);
  }

  /** The ids among `keyIds` that `userId` holds a slot of (one query for bulk checks). */
  readableKeyIds(userId: string, keyIds: string[], manager?: EntityManager): Promise<Set<string>> {
    return this.keys.readableKeyIds(userId, keyIds, manager);
  }

  userSlots(userId: string, manager?: EntityManager): Promise<KeySlot[]> {
    return this.keys.listUserSlots(userId, manager);
  }

  replaceUserSlot(
    manager: EntityManager,
    keyId: string,
    userId: string,
    sealedKey: Uint8Array,
  ): Promise<void> {
    return this.keys.replaceUserSlot(manager, keyId, userId, sealedKey);
  }

  /** Every slot of a user (the account is being deleted); returns how many there were. */
  deleteAllUserSlots(manager: EntityManager, userId: string): Promise<number> {
    return this.keys.deleteAllUserSlots(manager, userId);
  }

  deleteUserSlot(manager: EntityManager, keyId: string, userId: string): Promise<number> {
    return this.keys.deleteUserSlot(manager, keyId, userId);
  }
}
