import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { QueueName } from '../../queue/queue-names';
import { QueueRegistry } from '../../queue/queue-registry';
import { MetricsRegistry } from '../metrics-registry';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Jobs per BullMQ queue and state, read from Redis at scrape time (counts only, no job ids). */
@Injectable()
export class QueueDepthCollector {
  constructor(metrics: MetricsRegistry, queues: QueueRegistry) {
    const jobs = new Gauge({
      name: 'corridor_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (waiting, active, delayed, failed).',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
    });
    metrics.addCollector('queues', async () => {
      for (const queue of Object.values(QueueName)) {
        const counts = await queues.get(queue).getJobCounts(...STATES);
        for (const state of STATES) jobs.set({ queue, state }, counts[state] ?? 0);
      }
    });
  }
}
