import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AuditService } from '../../audit/audit.service';
import { MetricsRegistry } from '../metrics-registry';

/** Committed audit entries the sealer has not chained yet (normally a fraction of a second's worth). */
@Injectable()
export class AuditCollector {
  constructor(metrics: MetricsRegistry, audit: AuditService) {
    const unsealed = new Gauge({
      name: 'corridor_audit_unsealed_entries',
      help: 'Audit entries committed but not yet sealed into the hash chain.',
      registers: [metrics.registry],
    });
    metrics.addCollector('audit', async () => unsealed.set(await audit.countUnsealed()));
  }
}
