import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config';
import { JobPayloads, QueueName, assertContentFreePayload } from '../queue/queue-names';
import { JobProcessor, WorkerTask } from '../worker/worker-task';
import { REMINDER_JOB_NAME } from './notifications.service';
import { PENDING_COUNTS, PendingCountsSource, notificationBody } from './pending-counts';
import { ReminderSources, reminderBody } from './reminder-counts';
import { sendWebhook } from './webhook-sender';

export interface NotificationJobResult {
  /** False when the endpoint is no longer configured (its job is then dropped, not retried). */
  delivered: boolean;
}

/**
 * Delivers one debounced notification (the pending counts, or the timed rules' reminder counts,
 * by job name): reads the counts now (so the receiver learns the current
 * numbers, however many triggers the window merged), signs and POSTs them. A failure or a non-2xx
 * answer throws, and BullMQ retries with exponential backoff; after the last attempt the job stays
 * in the failed set. Idempotent: a delivery states the counts as they are, so running a job twice
 * tells the receiver the same thing twice and changes nothing.
 */
@Injectable()
@WorkerTask({ kind: 'processor', queue: QueueName.NOTIFICATIONS, concurrency: 4 })
export class NotificationDeliveryProcessor implements JobProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PENDING_COUNTS) private readonly counts: PendingCountsSource,
    private readonly reminders: ReminderSources,
  ) {}

  async process(job: Job<JobPayloads[QueueName.NOTIFICATIONS]>): Promise<NotificationJobResult> {
    assertContentFreePayload(job.data);
    const { endpoints, timeoutMs } = this.config.notifications;
    const endpoint = endpoints.find((e) => e.id === job.data.endpointId);
    if (!endpoint) return { delivered: false };
    const body =
      job.name === REMINDER_JOB_NAME
        ? reminderBody(await this.reminders.countAll())
        : notificationBody(await this.counts.countPending());
    await sendWebhook(endpoint, body, timeoutMs);
    return { delivered: true };
  }
}
