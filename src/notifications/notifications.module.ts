import { DynamicModule, Module, Type } from '@nestjs/common';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationsService } from './notifications.service';
import { ReminderSources } from './reminder-counts';

/**
 * Content-free webhook notifications: `NotificationsService.pendingChanged()` on the producer
 * side (this module, imported by the features that trigger), the registry of the timed rules'
 * reminder counts (ReminderSources), the delivery processor in the worker role
 * (NotificationDeliveryModule).
 */
@Module({
  providers: [NotificationsService, ReminderSources],
  exports: [NotificationsService, ReminderSources],
})
export class NotificationsModule {}

/**
 * The delivery processor, with the counts it sends from `countsModule`, which must export
 * PENDING_COUNTS. Composed above the features (src/features.ts) so that notifications never
 * depends on the feature owning the counted table (which triggers it back).
 */
@Module({})
export class NotificationDeliveryModule {
  static withCounts(countsModule: Type): DynamicModule {
    return {
      module: NotificationDeliveryModule,
      imports: [countsModule, NotificationsModule],
      providers: [NotificationDeliveryProcessor],
    };
  }
}
