import { Global, Module } from '@nestjs/common';
import { OutboxReconciler } from './outbox-reconciler';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/**
 * The transactional outbox. `OutboxService` is global: any feature adds a job inside its own
 * transaction. The relay and the reconciler only run in the worker role.
 */
@Global()
@Module({
  providers: [OutboxRepository, OutboxService, OutboxRelay, OutboxReconciler],
  exports: [OutboxService],
})
export class OutboxModule {}
