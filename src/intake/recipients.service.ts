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
import { TeamsService } from '../teams/teams.service';
import { User } from '../users/user.entity';

/** One holder a new report's private key is sealed to. */
export interface Recipient {
  /** Stable, public: the team key's id, 'recovery', or (rollover) a triager key's fingerprint. */
  keyId: string;
  publicKey: Uint8Array;
  holderType: 'key' | 'user' | 'recovery';
  holderId: string | null;
  holderKeyId: string | null;
}

/**
 * Who new reports are sealed to: the triage team key and the recovery key (`current`). During the
 * rollover window (INTAKE_ACCEPT_TRIAGER_SLOTS) a sealed report built from a form fetched before the
 * team key existed — one slot per triager and the recovery key — is accepted too (`legacy`: the
 * triage team's current members and the recovery key); `teams:backfill triage` later gives the team
 * a slot of such reports.
 */
export interface Recipients {
  current: readonly Recipient[];
  legacy: readonly Recipient[] | null;
}

export const RECOVERY_KEY_ID = 'recovery';

/**
 * How long an API node may seal new reports to the recipients it read last. A change made through
 * this process (user created, updated, disabled, deleted, re-keyed via the UsersRepository; the
 * team key rotated by such a change) is seen at once; one made on another node is seen within this
 * time. Until then that node refuses sealed reports built against the new list
 * (INTAKE_UNKNOWN_RECIPIENT, the browser fetches the form again), and may seal a plaintext report
 * to the team key just rotated (readable by the remaining members and — the limit of this cache —
 * by a member removed less than this long ago; see SECURITY.md "Team keys").
 */
export const RECIPIENTS_TTL_MS = 2_000;

/** User columns that change who receives new reports. */
const RECIPIENT_COLUMNS = ['roles', 'disabled', 'publicKey'];

export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(hash(publicKey, { outputLength: 16 })).slice(0, 16);
}

/**
 * The current recipients of new reports, read from the team keys and users and kept in memory for
 * RECIPIENTS_TTL_MS (one query saved per report). Writes to users through TypeORM in this process
 * invalidate the cache at once and again when their transaction commits, so that a concurrent read
 * of the pre-commit state is not kept.
 */
@Injectable()
export class RecipientsService implements EntitySubscriberInterface<User> {
  private readonly cache = new ShortTtlCache<'current', Recipients>(RECIPIENTS_TTL_MS);
  /** Transactions that wrote to users: invalidate again when they end. */
  private readonly dirty = new WeakSet<QueryRunner>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly teams: TeamsService,
  ) {
    dataSource.subscribers.push(this);
  }

  /** The current recipients (shared, frozen: callers must not modify the lists or their keys). */
  current(): Promise<Recipients> {
    return this.cache.get('current', () => this.load());
  }

  /** Drops the cached list (the next report reads the users table). */
  invalidate(): void {
    this.cache.invalidate();
  }

  private async load(): Promise<Recipients> {
    const recovery: Recipient = {
      keyId: RECOVERY_KEY_ID,
      publicKey: this.config.secrets.recoveryPublicKey,
      holderType: 'recovery',
      holderId: null,
      holderKeyId: null,
    };
    const team = await this.teams.currentTeamKey('triage');
    const current = Object.freeze([
      {
        keyId: team.keyId,
        publicKey: team.publicKey,
        holderType: 'key',
        holderId: null,
        holderKeyId: team.keyId,
      },
      recovery,
    ] as const satisfies readonly Recipient[]);
    if (!this.config.intakeLimits.acceptTriagerSlots) return Object.freeze({ current, legacy: null });
    const members = await this.teams.members('triage');
    const legacy = Object.freeze([
      ...members.map((m): Recipient => ({
        keyId: keyIdOf(m.publicKey),
        publicKey: m.publicKey,
        holderType: 'user',
        holderId: m.id,
        holderKeyId: null,
      })),
      recovery,
    ]);
    return Object.freeze({ current, legacy });
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
