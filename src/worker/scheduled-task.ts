import { SetMetadata } from '@nestjs/common';

export const SCHEDULED_TASK = 'corridor:scheduled-task';

export interface ScheduledTaskOptions {
  /** A stable name, e.g. `outbox:relay`; also the BullMQ job scheduler id. */
  name: string;
  everyMs: number;
}

/**
 * Marks a provider as a periodic task. Schedules are BullMQ job schedulers on the maintenance queue,
 * so with many worker processes each tick runs once, on one of them.
 */
export const ScheduledTask = (options: ScheduledTaskOptions) => SetMetadata(SCHEDULED_TASK, options);

export interface PeriodicTask {
  run(): Promise<unknown>;
}
