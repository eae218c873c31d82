import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { DataSource } from 'typeorm';
import { ShortTtlCache } from '../forms/short-ttl-cache';
import { RECIPIENTS_TTL_MS, type Recipients } from './recipients';

/**
 * Invalidation of the recipients cache, shared by RecipientsService (which reads) and TeamsService
 * (whose writes change the recipients: a rotation, a member leaving). A change inside a transaction
 * drops the cache at once and again when that transaction ends, so that a concurrent read of the
 * pre-commit state is not kept.
 */
@Injectable()
export class RecipientsCache implements EntitySubscriberInterface {
  readonly entries = new ShortTtlCache<'current', Recipients>(RECIPIENTS_TTL_MS);
  /** Transactions that changed the recipients: invalidate again when they end. */
  private readonly dirty = new WeakSet<QueryRunner>();

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  /** Drops the cached lists (the next report reads them again). */
  invalidate(): void {
    this.entries.invalidate();
  }

  /** A change to the recipients made in `manager`'s transaction (or none). */
  changed(manager: EntityManager): void {
    this.invalidate();
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.dirty.add(runner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.ended(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.ended(event.queryRunner);
  }

  private ended(queryRunner: QueryRunner): void {
    if (!this.dirty.has(queryRunner)) return;
    this.dirty.delete(queryRunner);
    this.invalidate();
  }
}
