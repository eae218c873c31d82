import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { buildAuditEntry } from './audit-entry-builder';
import { AuditEntryRepository } from './audit-entry.repository';
import { AuditEvent } from './audit-event';
import { AuditErrorCode, auditError } from './audit.errors';

/**
 * Writes audit entries. `record` inserts into the caller's open transaction and takes no shared
 * lock: the entry commits or rolls back with the action it records, and concurrent writers never
 * wait on each other. The sealer chains committed entries shortly after (see AuditSealer).
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: AuditEntryRepository,
  ) {}

  /** Records `event` in the transaction of `manager`; throws when there is none or the event is malformed. */
  async record(manager: EntityManager, event: AuditEvent): Promise<void> {
    const entry = buildAuditEntry(event);
    if (!manager.queryRunner?.isTransactionActive) {
      throw auditError(AuditErrorCode.AUDIT_NOT_IN_TRANSACTION, { action: event.action });
    }
    await this.entries.insert(manager, entry);
  }

  /** Committed entries the sealer has not chained yet (monitoring: a stopped sealer shows here). */
  countUnsealed(): Promise<number> {
    return this.entries.countUnsealed();
  }

  /** For events that stand alone (a failed sign-in, a verification): their own short transaction. */
  async recordAlone(event: AuditEvent): Promise<void> {
    await this.dataSource.transaction((manager) => this.record(manager, event));
  }
}
