import type { INestApplicationContext } from '@nestjs/common';
import { QueueName } from '../../../src/queue/queue-names';
import { QueueRegistry } from '../../../src/queue/queue-registry';

/** One job added to a queue, as the producer asked for it. */
export interface QueueAdd {
  queue: QueueName;
  reportId: string | undefined;
  jobId: string | undefined;
}

/**
 * Records every job the apps' producers added successfully (an add Redis refused is not a job),
 * calling through: once a job is done it leaves no record in BullMQ, so "exactly once" is counted
 * at the producer and by the database's effects.
 */
export function recordQueueAdds(...apps: Pick<INestApplicationContext, 'get'>[]): () => QueueAdd[] {
  const added: QueueAdd[] = [];
  for (const app of apps) {
    const registry = app.get(QueueRegistry);
    const original = registry.add.bind(registry);
    jest.spyOn(registry, 'add').mockImplementation(async (queue, jobName, payload, options) => {
      const job = await original(queue, jobName, payload, options);
      added.push({ queue, reportId: (payload as { reportId?: string }).reportId, jobId: options?.jobId });
      return job;
    });
  }
  return () => [...added];
}
