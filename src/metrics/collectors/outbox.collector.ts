import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { OutboxService } from '../../outbox/outbox.service';
import { MetricsRegistry } from '../metrics-registry';

/** Outbox rows not yet relayed to their queue, and how long the oldest has waited. */
@Injectable()
export class OutboxCollector {
  constructor(metrics: MetricsRegistry, outbox: OutboxService) {
    const rows = new Gauge({
      name: 'corridor_outbox_rows',
      help: 'Outbox rows waiting to be relayed to BullMQ.',
      registers: [metrics.registry],
    });
    const oldest = new Gauge({
      name: 'corridor_outbox_oldest_age_seconds',
      help: 'Age of the oldest outbox row (0 when empty); grows when the relay or Redis stops.',
      registers: [metrics.registry],
    });
    metrics.addCollector('outbox', async () => {
      const backlog = await outbox.backlog();
      rows.set(backlog.rows);
      oldest.set(backlog.oldestAgeSeconds);
    });
  }
}
