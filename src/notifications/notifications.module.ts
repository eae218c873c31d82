import { Module } from '@nestjs/common';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationsService } from './notifications.service';
import { PENDING_COUNTS } from './pending-counts';
import { ReportsPendingCounts } from './reports-pending-counts';

/**
 * Content-free webhook notifications: `NotificationsService.pendingChanged()` on the producer side,
 * the delivery processor in the worker role.
 */
@Module({
  providers: [
    NotificationsService,
    NotificationDeliveryProcessor,
    { provide: PENDING_COUNTS, useClass: ReportsPendingCounts },
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
