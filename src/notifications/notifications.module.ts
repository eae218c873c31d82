import { Module } from '@nestjs/common';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationsService } from './notifications.service';
import { ReportsModule } from '../reports/reports.module';

/**
 * Content-free webhook notifications: `NotificationsService.pendingChanged()` on the producer side,
 * the delivery processor in the worker role.
 */
@Module({
  // The reports feature provides PENDING_COUNTS (it owns the table the counts come from).
  imports: [ReportsModule],
  providers: [NotificationsService, NotificationDeliveryProcessor],
  exports: [NotificationsService],
})
export class NotificationsModule {}
