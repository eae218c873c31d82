import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName } from '../queue/queue-names';

export const QUEUE_PROCESSOR = 'corridor:queue-processor';

export interface ProcessorOptions {
  queue: QueueName;
  /** Jobs of this queue run at once per worker process. */
  concurrency?: number;
}

/**
 * Marks a provider as the processor of a queue. Processors live in their feature module and run only
 * in a process that imports `WorkerHostModule` (the worker, or `npm start` with both roles).
 * Every processor must be idempotent: a retry or a duplicate delivery changes nothing twice.
 */
export const QueueProcessor = (options: ProcessorOptions) => SetMetadata(QUEUE_PROCESSOR, options);

export interface JobProcessor {
  process(job: Job): Promise<unknown>;
}
