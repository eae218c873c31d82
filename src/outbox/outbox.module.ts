import { Module } from '@nestjs/common';
import { OutboxJobKinds } from './outbox-job-kind';
import { OutboxReconciler } from './outbox-reconciler';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/**
 * The transactional outbox. A feature registers its job kinds (OutboxJobKinds) and adds entries
 * inside its own transaction (OutboxService). The relay and the reconciler only run in the worker
 * role.
 */
@Module({
  providers: [OutboxRepository, OutboxService, OutboxJobKinds, OutboxRelay, OutboxReconciler],
  exports: [OutboxService, OutboxJobKinds],
})
export class OutboxModule {}
