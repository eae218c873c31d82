import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxEntry } from './outbox-entry';
import { OutboxBacklog, OutboxRepository } from './outbox.repository';
import { assertValidOutboxEntry } from './job-options';

/**
 * The producer side of the outbox. `add` writes in the caller's transaction: the job exists if and
 * only if the thing it is about was committed, and the caller never waits on Redis.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  async add(manager: EntityManager, entry: OutboxEntry): Promise<void> {
    assertValidOutboxEntry(entry);
    await this.outbox.insert(manager, entry);
  }

  /** Drops the rows of entities being deleted (retention), in the caller's transaction; how many. */
  discardFor(manager: EntityManager, entityIds: string[]): Promise<number> {
    return this.outbox.deleteForEntities(manager, entityIds);
  }

  /** What waits to be relayed (monitoring: a relay that stops shows as a growing age). */
  backlog(): Promise<OutboxBacklog> {
    return this.outbox.backlog();
  }
}
