import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Key, KeyKind } from './key.entity';
import { KeySlot, KeySlotHolderType } from './key-slot.entity';
import { KEY_HOLDERS_OF_UP, SlotChain, SlotChainRow, slotChainsCtes, slotChainsOf } from './key-chain';

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

export type { SlotChain } from './key-chain';

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

  /**
   * The ids among `keyIds` that `userId` reaches by a chain of slots: a user slot of some key, then
   * up to `maxHops` slots held by keys (team key → report, case key → report, team key → older team
   * key → …). One recursive query, walking from the targets up to their holders.
   */
  async readableKeyIds(
    userId: string,
    keyIds: string[],
    maxHops: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (!keyIds.length) return new Set<string>();
    const rows = await manager.query<{ target: string }[]>(
      `WITH RECURSIVE up (target, key_id, hops, path) AS (
         SELECT t, t, 0, ARRAY[t] FROM unnest($2::uuid[]) AS t
         UNION ALL
         SELECT up.target, s.holder_key_id, up.hops + 1, up.path || s.holder_key_id
           FROM up CROSS JOIN LATERAL (${KEY_HOLDERS_OF_UP}) s
          WHERE up.hops < $3 AND NOT s.holder_key_id = ANY (up.path)
       )
       SELECT DISTINCT up.target FROM up
        WHERE EXISTS (SELECT 1 FROM key_slots u
                       WHERE u.key_id = up.key_id AND u.holder_type = 'user' AND u.holder_id = $1)`,
      [userId, keyIds, maxHops],
    );
    return new Set(rows.map((r) => r.target));
  }

  /**
   * Up to CHAINS_TRIED chains from `userId` to `keyId`, shortest first, each with every slot it uses
   * and the public key of every key on it (what each opened slot must yield).
   */
  async chainsTo(
    userId: string,
    keyId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SlotChain[]> {
    const rows = await manager.query<SlotChainRow[]>(
      `WITH RECURSIVE ${slotChainsCtes('SELECT $2::uuid', '$1')} SELECT * FROM chains`,
      [userId, keyId],
    );
    return slotChainsOf(rows);
  }

  async keyHeldSlotHolders(keyId: string, manager: EntityManager = this.dataSource.manager) {
    const rows = await manager.find(KeySlot, {
      where: { keyId, holderType: 'key' },
      select: { holderKeyId: true },
    });
    return rows.map((r) => r.holderKeyId!);
  }

  heldSlot(keyId: string, holderKeyId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(KeySlot, { where: { keyId, holderType: 'key', holderKeyId } });
  }

  async userHolders(keyId: string, manager: EntityManager = this.dataSource.manager) {
    const rows = await manager.find(KeySlot, {
      where: { keyId, holderType: 'user' },
      select: { holderId: true },
    });
    return rows.map((r) => r.holderId!);
  }

  /** Keys of `kind` with a recovery slot and no slot held by any of `holderKeyIds`, with that slot. */
  async recoverableWithoutHolders(kind: KeyKind, holderKeyIds: string[], manager: EntityManager) {
    const rows = await manager.query<{ key_id: string; public_key: Buffer; sealed_key: Buffer }[]>(
      `SELECT k.id AS key_id, k.public_key, r.sealed_key
         FROM keys k JOIN key_slots r ON r.key_id = k.id AND r.holder_type = 'recovery'
        WHERE k.kind = $1
          AND NOT EXISTS (SELECT 1 FROM key_slots h WHERE h.key_id = k.id AND h.holder_key_id = ANY ($2::uuid[]))
        ORDER BY k.id`,
      [kind, holderKeyIds],
    );
    return rows.map((r) => ({
      keyId: r.key_id,
      publicKey: new Uint8Array(r.public_key),
      recoverySlot: new Uint8Array(r.sealed_key),
    }));
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

  async deleteUserSlotsOn(manager: EntityManager, keyIds: string[], userId: string | null): Promise<number> {
    if (!keyIds.length) return 0;
    const result = await manager.query<[unknown[], number]>(
      `DELETE FROM key_slots WHERE holder_type = 'user' AND key_id = ANY ($1::uuid[])
          AND ($2::uuid IS NULL OR holder_id = $2::uuid)`,
      [keyIds, userId],
    );
    return result[1] ?? 0;
  }

  async deleteUserSlot(manager: EntityManager, keyId: string, userId: string): Promise<number> {
    const result = await manager.delete(KeySlot, { keyId, holderType: 'user', holderId: userId });
    return result.affected ?? 0;
  }
  /** The slot of `keyId` held by the key `holderKeyId` (e.g. a report's, held by its case key). */
  async findKeyHeldSlot(
    keyId: string,
    holderKeyId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Uint8Array | null> {
    const rows = await manager.query<{ sealed_key: Buffer }[]>(
      `SELECT sealed_key FROM key_slots WHERE key_id = $1 AND holder_type = 'key' AND holder_key_id = $2`,
      [keyId, holderKeyId],
    );
    return rows[0] ? new Uint8Array(rows[0].sealed_key) : null;
  }

  /** Every user slot of `userId` on keys of `kind`; returns how many. */
  async deleteUserSlotsOfKind(manager: EntityManager, userId: string, kind: KeyKind): Promise<number> {
    const result = await manager.query<[unknown[], number]>(
      `DELETE FROM key_slots s USING keys k
        WHERE k.id = s.key_id AND k.kind = $2 AND s.holder_type = 'user' AND s.holder_id = $1`,
      [userId, kind],
    );
    return result[1] ?? 0;
  }

  /** Every slot of `keyIds`, whoever holds it; returns how many. */
  async deleteSlotsOf(manager: EntityManager, keyIds: string[]): Promise<number> {
    if (!keyIds.length) return 0;
    const [row] = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM key_slots WHERE key_id = ANY ($1::uuid[]) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [keyIds],
    );
    return row.n;
  }

  async deleteReporterSlots(manager: EntityManager, keyIds: string[]): Promise<number> {
    if (!keyIds.length) return 0;
    const [row] = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM key_slots WHERE key_id = ANY ($1::uuid[]) AND holder_type = 'reporter' RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [keyIds],
    );
    return row.n;
  }

  /** The key rows among `keyIds` of `kind` (what still references one refuses: NO ACTION); how many. */
  async deleteKeys(manager: EntityManager, keyIds: string[], kind: KeyKind): Promise<number> {
    if (!keyIds.length) return 0;
    const [row] = await manager.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM keys WHERE id = ANY ($1::uuid[]) AND kind = $2 RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [keyIds, kind],
    );
    return row.n;
  }

  /** The slots of `keyId` keep only the UTC month they were created in. */
  async coarsenSlotTimes(manager: EntityManager, keyId: string): Promise<void> {
    await manager.query(
      `UPDATE key_slots SET created_at = date_trunc('month', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
        WHERE key_id = $1`,
      [keyId],
    );
  }

  /**
   * Up to `limit` slots created before `before` keep only their UTC month; how many. One statement
   * and transaction, rows taken `FOR UPDATE SKIP LOCKED` (a grant or a deletion in progress is never
   * waited for), found through the partial index of the slots still exact (`key_slots_exact_times`).
   */
  async coarsenSlotTimesBefore(before: Date, limit: number): Promise<number> {
    const month = (c: string) => `date_trunc('month', ${c} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
    const rows = await this.dataSource.query<{ n: number }[]>(
      `WITH batch AS (
         SELECT id FROM key_slots
          WHERE created_at < $1 AND created_at <> ${month('created_at')}
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       done AS (
         UPDATE key_slots s SET created_at = ${month('s.created_at')} FROM batch WHERE s.id = batch.id RETURNING 1)
       SELECT count(*)::int AS n FROM done`,
      [before, limit],
    );
    return rows[0].n;
  }
}
