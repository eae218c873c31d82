import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { KeyPair, isCryptoError, openKeySlotChecked } from '../crypto';
import type { KeyKind } from './key.entity';
import type { KeySlot } from './key-slot.entity';
import { MAX_KEY_HOPS, openFirstChain } from './key-chain';
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

  /**
   * The ids among `keyIds` that `userId` reaches through a chain of slots (their own slot of the
   * key, or of a team or case key holding it, …; at most MAX_KEY_HOPS key-held slots), in one
   * query. A database answer: opening the chain (`openChain`) also checks the cryptography.
   */
  readableKeyIds(userId: string, keyIds: string[], manager?: EntityManager): Promise<Set<string>> {
    return this.keys.readableKeyIds(userId, keyIds, MAX_KEY_HOPS, manager);
  }

  /**
   * Opens `keyId` with `user`'s key pair through the shortest chain of slots that opens, every hop
   * checked against the stored public key; null when no chain opens (none exists, or every one
   * holds a forged or stale slot). The caller owns the returned private key.
   */
  async openChain(
    userId: string,
    user: KeyPair,
    keyId: string,
    manager?: EntityManager,
  ): Promise<KeyPair | null> {
    return openFirstChain(await this.keys.chainsTo(userId, keyId, manager), user);
  }

  /** Slots of `keyId` held by other keys, by holder key id. */
  keyHeldSlotHolders(keyId: string, manager?: EntityManager): Promise<string[]> {
    return this.keys.keyHeldSlotHolders(keyId, manager);
  }

  /**
   * Opens `keyId` with the key pair of `holderKeyId` (a case key holding a report's key), checked
   * against `keyId`'s stored public key; null when there is no such slot or it does not open. The
   * caller has opened the holder through its own chain and owns the returned private key.
   */
  async openHeldBy(
    keyId: string,
    holder: { keyId: string; keys: KeyPair },
    manager?: EntityManager,
  ): Promise<KeyPair | null> {
    const [slot, publicKey] = await Promise.all([
      this.keys.heldSlot(keyId, holder.keyId, manager),
      this.keys.publicKeyOf(keyId, manager),
    ]);
    if (!slot || !publicKey) return null;
    try {
      return openKeySlotChecked(new Uint8Array(slot.sealedKey), holder.keys, keyId, publicKey);
    } catch (error) {
      if (isCryptoError(error)) return null;
      throw error;
    }
  }

  /** The user ids holding a slot of `keyId`. */
  userHolders(keyId: string, manager?: EntityManager): Promise<string[]> {
    return this.keys.userHolders(keyId, manager);
  }

  /**
   * Keys of `kind` that none of `holderKeyIds` holds, with their recovery slot (a one-off backfill
   * gives a team key a slot of keys sealed before it existed).
   */
  recoverableWithoutHolders(
    kind: KeyKind,
    holderKeyIds: string[],
    manager: EntityManager,
  ): Promise<{ keyId: string; publicKey: Uint8Array; recoverySlot: Uint8Array }[]> {
    return this.keys.recoverableWithoutHolders(kind, holderKeyIds, manager);
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

  /** The user slots of `keyIds` — of one user, or (`userId` null) of every user; returns how many. */
  deleteUserSlotsOn(manager: EntityManager, keyIds: string[], userId: string | null): Promise<number> {
    return this.keys.deleteUserSlotsOn(manager, keyIds, userId);
  }

  deleteUserSlot(manager: EntityManager, keyId: string, userId: string): Promise<number> {
    return this.keys.deleteUserSlot(manager, keyId, userId);
  }
  /** The slot of `keyId` held by the key `holderKeyId`, or null. */
  keyHeldSlot(keyId: string, holderKeyId: string, manager?: EntityManager): Promise<Uint8Array | null> {
    return this.keys.findKeyHeldSlot(keyId, holderKeyId, manager);
  }

  /** Every user slot of `userId` on keys of `kind` (a caseworker leaving: their case slots); how many. */
  deleteUserSlotsOfKind(manager: EntityManager, userId: string, kind: KeyKind): Promise<number> {
    return this.keys.deleteUserSlotsOfKind(manager, userId, kind);
  }

  /**
   * Crypto-shredding: every slot of `keyIds` (user, team, case, recovery and reporter holders
   * alike), in the caller's transaction; how many. Without a slot, nothing sealed to the key opens.
   */
  deleteSlotsOf(manager: EntityManager, keyIds: string[]): Promise<number> {
    return this.keys.deleteSlotsOf(manager, keyIds);
  }

  /**
   * The reporter's slots of `keyIds` (an expired receipt: the receipt's secret then opens nothing),
   * in the caller's transaction; how many. The other holders keep theirs.
   */
  deleteReporterSlots(manager: EntityManager, keyIds: string[]): Promise<number> {
    return this.keys.deleteReporterSlots(manager, keyIds);
  }

  /** The key rows among `keyIds` of `kind` (after what they protect is gone); how many. */
  deleteKeys(manager: EntityManager, keyIds: string[], kind: KeyKind): Promise<number> {
    return this.keys.deleteKeys(manager, keyIds, kind);
  }

  /**
   * A report's key slots were written in the instant it arrived: once triage has decided on it,
   * they keep only their UTC month (in the caller's transaction), like the report's arrival.
   */
  coarsenSlotTimes(manager: EntityManager, keyId: string): Promise<void> {
    return this.keys.coarsenSlotTimes(manager, keyId);
  }

  /**
   * One bounded batch of slots (any key: later grants, team links, case keys) created before
   * `before`: they keep only their UTC month (the retention feature's window); how many.
   */
  coarsenSlotTimesBefore(before: Date, limit: number): Promise<number> {
    return this.keys.coarsenSlotTimesBefore(before, limit);
  }
}
