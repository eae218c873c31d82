import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../access/permissions';
import { User } from './user.entity';
import { StoredUserKeys } from './user-keys.service';
import type { UserViewFields } from './user-view';
import { preparedStatement, runPrepared } from '../database/prepared-statement';

export interface NewUser extends StoredUserKeys {
  id: string;
  username: string;
  roles: Role[];
}

/*
 * The columns of an account's view and nothing else (no key material): `GET /auth/me` runs it on
 * every call, so it is prepared, and it leaves the wrapped key and verifier in the database.
 */
const USER_VIEW_BY_ID = preparedStatement(
  'corridor_user_view_by_id',
  `SELECT id, username, roles, disabled, totp_confirmed, locked_until, created_at FROM users WHERE id = $1`,
);

interface UserViewRow {
  id: string;
  username: string;
  roles: Role[];
  disabled: boolean;
  totp_confirmed: boolean;
  locked_until: Date | null;
  created_at: Date;
}

/** Data access for accounts; the rules are in UsersService and AuthService. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findById(id: string, manager: EntityManager = this.manager) {
    return manager.findOne(User, { where: { id } });
  }

  async findViewById(id: string): Promise<UserViewFields | null> {
    const [row] = await runPrepared<UserViewRow>(this.dataSource, USER_VIEW_BY_ID, [id]);
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      roles: row.roles,
      disabled: row.disabled,
      totpConfirmed: row.totp_confirmed,
      lockedUntil: row.locked_until,
      createdAt: row.created_at,
    };
  }

  findByUsername(username: string, manager: EntityManager = this.manager) {
    return manager.findOne(User, { where: { username } });
  }

  list(manager: EntityManager = this.manager) {
    return manager.find(User, { order: { username: 'ASC' } });
  }

  async insert(manager: EntityManager, user: NewUser): Promise<void> {
    await manager.insert(User, user);
  }

  async update(manager: EntityManager, id: string, changes: Partial<Omit<User, 'id'>>): Promise<void> {
    await manager.update(User, { id }, { ...changes, updatedAt: new Date() });
  }

  async delete(manager: EntityManager, id: string): Promise<number> {
    return (await manager.delete(User, { id })).affected ?? 0;
  }

  /**
   * The account row, locked until the transaction ends (`FOR UPDATE`): sign-in attempts, and a
   * sign-in against a concurrent disable, role change or password change, take their turns.
   */
  lockForUpdate(manager: EntityManager, id: string): Promise<User | null> {
    return manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Records `step` as the last accepted TOTP step unless it is not newer than the last one: true
   * when this call is the one that accepted it (a replayed code, even raced on two nodes, loses).
   */
  async acceptTotpStep(manager: EntityManager, id: string, step: number): Promise<boolean> {
    const rows = await returning<{ id: string }>(
      manager,
      `UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
      [id, step],
    );
    return rows.length === 1;
  }

  /** Enabled accounts holding `role`, with their public keys (team membership is read from them). */
  async listEnabledWithRole(
    role: Role,
    manager: EntityManager = this.manager,
  ): Promise<{ id: string; username: string; publicKey: Uint8Array }[]> {
    const rows = await manager.query<{ id: string; username: string; public_key: Buffer }[]>(
      `SELECT id, username, public_key FROM users WHERE $1 = ANY (roles) AND NOT disabled ORDER BY username`,
      [role],
    );
    return rows.map((r) => ({ id: r.id, username: r.username, publicKey: new Uint8Array(r.public_key) }));
  }

  /** Enabled admins other than `exceptId` (the last admin must not lock everyone out). */
  async countOtherEnabledAdmins(manager: EntityManager, exceptId: string | null): Promise<number> {
    const rows = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM users WHERE 'admin' = ANY(roles) AND NOT disabled AND ($1::uuid IS NULL OR id <> $1::uuid)`,
      [exceptId],
    );
    return rows[0].n;
  }

  async adminExists(manager: EntityManager = this.manager): Promise<boolean> {
    return (await this.countOtherEnabledAdmins(manager, null)) > 0;
  }
}

/** The rows of an `UPDATE … RETURNING` (TypeORM's postgres driver answers `[rows, rowCount]` for those). */
async function returning<T>(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  const result = await manager.query<[T[], number] | T[]>(sql, parameters);
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}
