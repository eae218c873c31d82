import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Gauge } from 'prom-client';
import { ConsumerHeartbeat, findConsumerHeartbeat } from '../../worker/consumer-heartbeat';
import { MetricsRegistry } from '../metrics-registry';

/**
 * Seconds since each queue's consumer in this process was last seen consuming (worker role only;
 * the API role has no consumers and no series). Above a few seconds the worker has stopped.
 */
@Injectable()
export class WorkerHeartbeatCollector {
  constructor(metrics: MetricsRegistry, moduleRef: ModuleRef) {
    const age = new Gauge({
      name: 'corridor_worker_heartbeat_age_seconds',
      help: "Seconds since this process's consumer of a queue was last seen running and not paused.",
      labelNames: ['queue'],
      registers: [metrics.registry],
    });
    let heartbeat: ConsumerHeartbeat | undefined;
    metrics.addCollector('worker', () => {
      heartbeat ??= findConsumerHeartbeat(moduleRef);
      for (const beat of heartbeat?.beats() ?? []) age.set({ queue: beat.queue }, beat.ageSeconds);
    });
  }
}
