import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TeamKey, TeamName } from './team';
import { TeamKeyRow } from './team-key.entity';

/** Data access for team key generations; the rules are in TeamsService. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serialises changes to one team's keys and members until the transaction ends. */
  async lockTeam(manager: EntityManager, team: TeamName): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`corridor:team:${team}`]);
  }

  async currentKey(
    team: TeamName,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(TeamKey & { generation: number }) | null> {
    const [row] = await manager.query<{ key_id: string; public_key: Buffer; generation: number }[]>(
      `SELECT t.key_id, k.public_key, t.generation FROM team_keys t JOIN keys k ON k.id = t.key_id
        WHERE t.team = $1 AND t.successor_key_id IS NULL`,
      [team],
    );
    return row
      ? { keyId: row.key_id, publicKey: new Uint8Array(row.public_key), generation: row.generation }
      : null;
  }

  /** Every current team key (public halves), for intake's recipients. */
  async currentKeys(manager: EntityManager = this.dataSource.manager): Promise<Map<TeamName, TeamKey>> {
    const rows = await manager.query<{ team: TeamName; key_id: string; public_key: Buffer }[]>(
      `SELECT t.team, t.key_id, k.public_key FROM team_keys t JOIN keys k ON k.id = t.key_id
        WHERE t.successor_key_id IS NULL`,
    );
    return new Map(rows.map((r) => [r.team, { keyId: r.key_id, publicKey: new Uint8Array(r.public_key) }]));
  }

  /** The team's retired keys, oldest first, with their public keys. */
  async retiredKeys(team: TeamName, manager: EntityManager = this.dataSource.manager): Promise<TeamKey[]> {
    const rows = await manager.query<{ key_id: string; public_key: Buffer }[]>(
      `SELECT t.key_id, k.public_key FROM team_keys t JOIN keys k ON k.id = t.key_id
        WHERE t.team = $1 AND t.successor_key_id IS NOT NULL ORDER BY t.generation`,
      [team],
    );
    return rows.map((r) => ({ keyId: r.key_id, publicKey: new Uint8Array(r.public_key) }));
  }

  /** Every key id the team ever had. */
  async allKeyIds(team: TeamName, manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<{ key_id: string }[]>(
      `SELECT key_id FROM team_keys WHERE team = $1 ORDER BY generation`,
      [team],
    );
    return rows.map((r) => r.key_id);
  }

  async insert(manager: EntityManager, row: Omit<TeamKeyRow, 'successorKeyId'>): Promise<void> {
    await manager.insert(TeamKeyRow, { ...row, successorKeyId: null });
  }

  async setSuccessor(manager: EntityManager, keyId: string, successorKeyId: string): Promise<void> {
    await manager.update(TeamKeyRow, { keyId }, { successorKeyId });
  }
}
