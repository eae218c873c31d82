import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config';
import { QueueName, assertContentFreePayload } from '../queue/queue-names';
import { QueueRegistry } from '../queue/queue-registry';

export const DELIVERY_JOB_NAME = 'notify.pending';

/**
 * The delivery runs this long after the debounce key expires, so that a trigger arriving just
 * before the expiry is still counted by the delivery it was merged into (clock skew between the
 * worker and Redis would otherwise lose it until the next trigger).
 */
export const DEBOUNCE_MARGIN_MS = 500;

const FAILED_KEPT_SECONDS = 30 * 24 * 3600;

/**
 * Tells the webhook endpoints that the pending counts changed. Other features call
 * `pendingChanged()` after a report arrives or is decided (after their commit).
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueRegistry,
  ) {}

  /**
   * Schedules one delivery per endpoint, debounced: the first trigger of a window adds a job
   * delayed past the window, keyed by the endpoint's content-free id; every further trigger in the
   * window is dropped by BullMQ's deduplication (the delivery reads the counts when it runs, so it
   * covers them). One Redis round trip for all endpoints; never throws (a lost trigger costs a
   * notification, never the caller's request): a failure is logged without detail.
   */
  async pendingChanged(): Promise<void> {
    const { endpoints } = this.config.notifications;
    if (endpoints.length === 0) return;
    try {
      await this.queues.get(QueueName.NOTIFICATIONS).addBulk(
        endpoints.map((endpoint) => {
          const data = { endpointId: endpoint.id };
          assertContentFreePayload(data);
          return { name: DELIVERY_JOB_NAME, data, opts: this.jobOptions(endpoint.id) };
        }),
      );
    } catch (error) {
      this.logger.warn({ error: (error as Error).name }, 'could not schedule a notification');
    }
  }

  private jobOptions(endpointId: string): JobsOptions {
    const { debounceMs, attempts, backoffMs } = this.config.notifications;
    return {
      delay: debounceMs + DEBOUNCE_MARGIN_MS,
      deduplication: { id: endpointId, ttl: debounceMs },
      attempts,
      backoff: { type: 'exponential', delay: backoffMs, jitter: 0.2 },
      removeOnComplete: true,
      // Failed deliveries stay countable (GET /triage/queue) and re-queueable; no stack trace kept.
      removeOnFail: { age: FAILED_KEPT_SECONDS, count: 1000 },
      stackTraceLimit: 0,
    };
  }
}
