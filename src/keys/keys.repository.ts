import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Key, KeyKind } from './key.entity';
import { KeySlot, KeySlotHolderType } from './key-slot.entity';

export interface NewKey {
  id: string;
  kind: KeyKind;
  publicKey: Uint8Array;
}

export interface NewKeySlot {
  /** The key the slot opens. */
  keyId: string;
  holderType: KeySlotHolderType;
  holderId: string | null;
  /** The holding key (holder type `key` only). */
  holderKeyId?: string | null;
  sealedKey: Uint8Array;
}

/** Data access for keys and their slots; no rules here (who may hold a slot is decided by callers). */
@Injectable()
export class KeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertKey(manager: EntityManager, key: NewKey): Promise<void> {
    await manager.insert(Key, { id: key.id, kind: key.kind, publicKey: Buffer.from(key.publicKey) });
  }

  async insertSlots(manager: EntityManager, slots: NewKeySlot[]): Promise<void> {
    if (!slots.length) return;
    await manager.insert(
      KeySlot,
      slots.map((s) => ({
        keyId: s.keyId,
        holderType: s.holderType,
        holderId: s.holderId,
        holderKeyId: s.holderKeyId ?? null,
        sealedKey: Buffer.from(s.sealedKey),
      })),
    );
  }

  async publicKeyOf(keyId: string, manager: EntityManager = this.dataSource.manager) {
    const key = await manager.findOne(Key, { where: { id: keyId }, select: { id: true, publicKey: true } });
    return key ? new Uint8Array(key.publicKey) : null;
  }

  findUserSlot(keyId: string, userId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(KeySlot, { where: { keyId, holderType: 'user', holderId: userId } });
  }

  findSlot(
    keyId: string,
    holderType: 'recovery' | 'reporter',
    manager: EntityManager = this.dataSource.manager,
  ) {
    return manager.findOne(KeySlot, { where: { keyId, holderType } });
  }

  async readableKeyIds(userId: string, keyIds: string[], manager: EntityManager = this.dataSource.manager) {
    if (!keyIds.length) return new Set<string>();
    const rows = await manager
      .createQueryBuilder(KeySlot, 's')
      .select('s.keyId', 'keyId')
      .where('s.holderType = :t AND s.holderId = :userId AND s.keyId IN (:...keyIds)', {
        t: 'user',
        userId,
        keyIds,
      })
      .getRawMany<{ keyId: string }>();
    return new Set(rows.map((r) => r.keyId));
  }

  listUserSlots(userId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.find(KeySlot, { where: { holderType: 'user', holderId: userId } });
  }

  async replaceUserSlot(manager: EntityManager, keyId: string, userId: string, sealedKey: Uint8Array) {
    await manager.update(
      KeySlot,
      { keyId, holderType: 'user', holderId: userId },
      { sealedKey: Buffer.from(sealedKey) },
    );
  }

  async deleteAllUserSlots(manager: EntityManager, userId: string): Promise<number> {
    const result = await manager.delete(KeySlot, { holderType: 'user', holderId: userId });
    return result.affected ?? 0;
  }

  async deleteUserSlot(manager: EntityManager, keyId: string, userId: string): Promise<number> {
    const result = await manager.delete(KeySlot, { keyId, holderType: 'user', holderId: userId });
    return result.affected ?? 0;
  }
}
