import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config';
import { QueueName, assertContentFreePayload } from '../queue/queue-names';
import { QueueRegistry } from '../queue/queue-registry';
import { RedisClient } from '../queue/redis.provider';

export const DELIVERY_JOB_NAME = 'notify.pending';
/** A delivery of the timed rules' reminder counts (src/notifications/reminder-counts.ts). */
export const REMINDER_JOB_NAME = 'notify.reminders';

/**
 * The delivery runs this long after the debounce key expires, so that a trigger arriving just
 * before the expiry is still counted by the delivery it was merged into (clock skew between the
 * worker and Redis would otherwise lose it until the next trigger).
 */
export const DEBOUNCE_MARGIN_MS = 500;

const FAILED_KEPT_SECONDS = 30 * 24 * 3600;

/** A trigger waits at most this long for Redis (BullMQ itself would wait for a connection for ever). */
export const TRIGGER_TIMEOUT_MS = 1_000;

/**
 * Tells the webhook endpoints that the pending counts changed. Other features call
 * `pendingChanged()` after a report arrives or is decided (after their commit).
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');
  /** Warn once per outage, not once per trigger. */
  private failing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueRegistry,
    private readonly redis: RedisClient,
  ) {}

  /**
   * Schedules one delivery per endpoint, debounced: the first trigger of a window adds a job
   * delayed past the window, keyed by the endpoint's content-free id; every further trigger in the
   * window is dropped by BullMQ's deduplication (the delivery reads the counts when it runs, so it
   * covers them). One Redis round trip for all endpoints; never throws (a lost trigger costs a
   * notification, never the caller's request): a failure is logged without detail.
   */
  async pendingChanged(): Promise<void> {
    await this.trigger(DELIVERY_JOB_NAME);
  }

  /**
   * A timed rule found something to remind of: one delivery per endpoint of every reminder count
   * (read at send time), debounced apart from the pending counts. Never throws, like pendingChanged.
   */
  async remindersRaised(): Promise<void> {
    await this.trigger(REMINDER_JOB_NAME);
  }

  private async trigger(jobName: string): Promise<void> {
    const { endpoints } = this.config.notifications;
    if (endpoints.length === 0) return;
    try {
      // The shared client's state stands for Redis's: while it is away, give up without a call.
      if (this.redis.connection.status !== 'ready') throw new RedisUnavailableError();
      await withTimeout(
        this.queues.get(QueueName.NOTIFICATIONS).addBulk(
          endpoints.map((endpoint) => {
            const data = { endpointId: endpoint.id };
            assertContentFreePayload(data);
            return { name: jobName, data, opts: this.jobOptions(endpoint.id, jobName) };
          }),
        ),
        TRIGGER_TIMEOUT_MS,
      );
      this.failing = false;
    } catch (error) {
      // A lost trigger delays a notification until the next one (which states the counts then).
      if (!this.failing)
        this.logger.warn({ error: (error as Error).name }, 'could not schedule a notification');
      this.failing = true;
    }
  }

  private jobOptions(endpointId: string, jobName: string): JobsOptions {
    const { debounceMs, attempts, backoffMs } = this.config.notifications;
    return {
      delay: debounceMs + DEBOUNCE_MARGIN_MS,
      // The pending counts keep their key as it was; reminders are merged only with reminders.
      deduplication: {
        id: jobName === DELIVERY_JOB_NAME ? endpointId : `${endpointId}:reminders`,
        ttl: debounceMs,
      },
      attempts,
      backoff: { type: 'exponential', delay: backoffMs, jitter: 0.2 },
      removeOnComplete: true,
      // Failed deliveries stay countable (GET /triage/queue) and re-queueable; no stack trace kept.
      removeOnFail: { age: FAILED_KEPT_SECONDS, count: 1000 },
      stackTraceLimit: 0,
    };
  }
}

class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
