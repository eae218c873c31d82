import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config';
import type { JobName, QueueName } from '../queue/queue-names';

export const WORKER_TASK = 'corridor:worker-task';

/** What a provider marked `@WorkerTask` runs, in the worker role only. */
export type WorkerTaskOptions =
  /** The processor of a queue (implements JobProcessor). Every processor must be idempotent. */
  | { kind: 'processor'; queue: QueueName; /** jobs at once per worker process */ concurrency?: number }
  /**
   * A periodic task (implements PeriodicTask): a BullMQ job scheduler on the maintenance queue, so
   * that with many worker processes each tick runs once, on one of them. The interval is read from
   * the configuration when the worker starts (decorators run before any configuration exists).
   */
  | { kind: 'schedule'; name: JobName; everyMs: (config: AppConfig) => number }
  /** The same, on a cron pattern (UTC) instead of an interval: work meant for quiet hours. */
  | { kind: 'schedule'; name: JobName; pattern: (config: AppConfig) => string }
  /** A loop of its own in every worker process (implements WorkerLoop), for sub-second work. */
  | { kind: 'loop'; name: string };

/**
 * Declares a provider's work that runs only in a process importing `WorkerHostModule` (the worker,
 * or `npm start` with both roles); `WorkerHost` discovers it. Nothing else checks the role.
 */
export const WorkerTask = (options: WorkerTaskOptions) => SetMetadata(WORKER_TASK, options);

export interface JobProcessor {
  process(job: Job): Promise<unknown>;
}

export interface PeriodicTask {
  run(): Promise<unknown>;
}

export interface WorkerLoop {
  /** Starts the loop (returns at once). */
  start(): void;
  /** Stops it and waits for the pass in hand, before connections close. */
  stop(): Promise<void>;
}
