import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseKeySlot, KeySlotHolderType } from './case-key-slot.entity';

export interface NewKeySlot {
  caseId: string;
  holderType: KeySlotHolderType;
  holderId: string | null;
  sealedKey: Uint8Array;
}

/** Data access for key slots; no rules here (who may hold a slot is decided by the callers). */
@Injectable()
export class CaseKeySlotRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, slots: NewKeySlot[]): Promise<void> {
    if (!slots.length) return;
    await manager.insert(
      CaseKeySlot,
      slots.map((s) => ({ ...s, sealedKey: Buffer.from(s.sealedKey) })),
    );
  }

  findUserSlot(caseId: string, userId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(CaseKeySlot, { where: { caseId, holderType: 'user', holderId: userId } });
  }

  findSlot(
    caseId: string,
    holderType: Exclude<KeySlotHolderType, 'user'>,
    manager: EntityManager = this.dataSource.manager,
  ) {
    return manager.findOne(CaseKeySlot, { where: { caseId, holderType } });
  }

  /** The ids of the cases among `caseIds` that `userId` holds a slot for (one query for bulk checks). */
  async readableCaseIds(userId: string, caseIds: string[], manager: EntityManager = this.dataSource.manager) {
    if (!caseIds.length) return new Set<string>();
    const rows = await manager
      .createQueryBuilder(CaseKeySlot, 's')
      .select('s.caseId', 'caseId')
      .where('s.holderType = :t AND s.holderId = :userId AND s.caseId IN (:...caseIds)', {
        t: 'user',
        userId,
        caseIds,
      })
      .getRawMany<{ caseId: string }>();
    return new Set(rows.map((r) => r.caseId));
  }

  /**
   * The public key a case's slots must open to (stored with the report), so that a slot forged by
   * someone who can write to the database cannot substitute a key they know.
   */
  async findCasePublicKey(
    caseId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Uint8Array | null> {
    const rows = await manager.query<{ case_public_key: Buffer }[]>(
      'SELECT case_public_key FROM reports WHERE id = $1',
      [caseId],
    );
    return rows.length ? new Uint8Array(rows[0].case_public_key) : null;
  }

  listUserSlots(userId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.find(CaseKeySlot, { where: { holderType: 'user', holderId: userId } });
  }

  async replaceUserSlot(
    manager: EntityManager,
    caseId: string,
    userId: string,
    sealedKey: Uint8Array,
  ): Promise<void> {
    await manager.update(
      CaseKeySlot,
      { caseId, holderType: 'user', holderId: userId },
      { sealedKey: Buffer.from(sealedKey) },
    );
  }

  /** Every slot of a user (the account is being deleted); returns how many there were. */
  async deleteAllUserSlots(manager: EntityManager, userId: string): Promise<number> {
    const result = await manager.delete(CaseKeySlot, { holderType: 'user', holderId: userId });
    return result.affected ?? 0;
  }

  async deleteUserSlot(manager: EntityManager, caseId: string, userId: string): Promise<number> {
    const result = await manager.delete(CaseKeySlot, { caseId, holderType: 'user', holderId: userId });
    return result.affected ?? 0;
  }
}
