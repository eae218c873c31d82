import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CryptoPoolModule } from '../crypto-pool/crypto-pool.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AuditCollector } from './collectors/audit.collector';
import { CryptoPoolCollector } from './collectors/crypto-pool.collector';
import { OutboxCollector } from './collectors/outbox.collector';
import { QueueDepthCollector } from './collectors/queue-depth.collector';
import { WorkerHeartbeatCollector } from './collectors/worker-heartbeat.collector';
import { HttpMetrics } from './http-metrics';
import { MetricsRegistry } from './metrics-registry';
import { MetricsServer } from './metrics-server';

/**
 * Prometheus metrics (prom-client), content-free: counts, ages and durations labelled only by fixed
 * names. Each collector asks the owning feature's service for its numbers at scrape time; none
 * reads another feature's tables. Served by MetricsServer on METRICS_PORT, never on the API port.
 */
@Module({
  imports: [AuditModule, OutboxModule, CryptoPoolModule],
  providers: [
    MetricsRegistry,
    HttpMetrics,
    QueueDepthCollector,
    OutboxCollector,
    AuditCollector,
    CryptoPoolCollector,
    WorkerHeartbeatCollector,
    MetricsServer,
  ],
  exports: [HttpMetrics, MetricsServer],
})
export class MetricsModule {}
