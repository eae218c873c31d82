import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { hash, toHex } from '../crypto';
import { ShortTtlCache } from '../forms/short-ttl-cache';
import { User } from './user.entity';

/** Who a new report is sealed to: every active triager, and the organisation's recovery key. */
export interface Recipient {
  /** Stable, public: the first 16 hex digits of BLAKE2b(publicKey), or 'recovery'. */
  keyId: string;
  publicKey: Uint8Array;
  holderType: 'user' | 'recovery';
  holderId: string | null;
}

export const RECOVERY_KEY_ID = 'recovery';

/**
 * How long an API node may seal new reports to the recipients it read last. A change made through
 * this process (user created, updated, disabled, deleted, re-keyed via the UsersRepository) is seen
 * at once; one made on another node is seen within this time. Until then that node refuses sealed
 * reports built against the new list (INTAKE_UNKNOWN_RECIPIENT, the browser fetches the form again),
 * and reports sealed to a just-removed triager stay readable by every other recipient.
 */
export const RECIPIENTS_TTL_MS = 2_000;

/** User columns that change who receives new reports. */
const RECIPIENT_COLUMNS = ['roles', 'disabled', 'publicKey'];

export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(hash(publicKey, { outputLength: 16 })).slice(0, 16);
}

/**
 * The current recipients of new reports, read from the users table and kept in memory for
 * RECIPIENTS_TTL_MS (one query saved per report). Writes to users through TypeORM in this process
 * invalidate the cache at once and again when their transaction commits, so that a concurrent read
 * of the pre-commit state is not kept.
 */
@Injectable()
export class RecipientsService implements EntitySubscriberInterface<User> {
  private readonly cache = new ShortTtlCache<'current', readonly Recipient[]>(RECIPIENTS_TTL_MS);
  /** Transactions that wrote to users: invalidate again when they end. */
  private readonly dirty = new WeakSet<QueryRunner>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    dataSource.subscribers.push(this);
  }

  /** The current recipients (shared, frozen: callers must not modify the list or its keys). */
  current(): Promise<readonly Recipient[]> {
    return this.cache.get('current', () => this.load());
  }

  /** Drops the cached list (the next report reads the users table). */
  invalidate(): void {
    this.cache.invalidate();
  }

  private async load(): Promise<readonly Recipient[]> {
    const rows = await this.dataSource.query<{ id: string; public_key: Buffer }[]>(
      `SELECT id, public_key FROM users WHERE 'triager' = ANY (roles) AND NOT disabled ORDER BY id`,
    );
    const triagers = rows.map((r): Recipient => {
      const publicKey = new Uint8Array(r.public_key);
      return { keyId: keyIdOf(publicKey), publicKey, holderType: 'user', holderId: r.id };
    });
    return Object.freeze([
      ...triagers,
      {
        keyId: RECOVERY_KEY_ID,
        publicKey: this.config.secrets.recoveryPublicKey,
        holderType: 'recovery',
        holderId: null,
      },
    ]);
  }

  // TypeORM subscriber: user writes invalidate the cache.

  listenTo() {
    return User;
  }

  afterInsert(event: InsertEvent<User>): void {
    this.changed(event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<User>): void {
    const values = event.entity as Record<string, unknown> | undefined;
    if (values && !RECIPIENT_COLUMNS.some((column) => column in values)) return;
    this.changed(event.queryRunner);
  }

  afterRemove(event: RemoveEvent<User>): void {
    this.changed(event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.ended(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.ended(event.queryRunner);
  }

  private changed(queryRunner: QueryRunner): void {
    this.invalidate();
    if (queryRunner.isTransactionActive) this.dirty.add(queryRunner);
  }

  private ended(queryRunner: QueryRunner): void {
    if (!this.dirty.has(queryRunner)) return;
    this.dirty.delete(queryRunner);
    this.invalidate();
  }
}
