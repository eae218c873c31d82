import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * This process's Prometheus registry: Node's default series (memory, CPU, event-loop lag, GC,
 * handles) plus Corridor's own, all named `corridor_*`. One registry per application rather than
 * prom-client's global one, so that two apps in one process (tests) do not collide.
 *
 * Every label value is a fixed name (a route template, a queue, a state, a collector): never an id,
 * a raw URL or anything a caller sent.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly collectorUp: Gauge<'collector'>;
  private readonly collectors = new Map<string, () => Promise<void> | void>();

  /** False when METRICS_PORT is unset: nothing is served, so nothing is measured either. */
  readonly enabled: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.enabled = config.metrics.port !== undefined;
    if (this.enabled) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.collectorUp = new Gauge({
      name: 'corridor_metrics_collector_up',
      help: 'Whether the last scrape of a collector succeeded (1) or its dependency did not answer (0).',
      labelNames: ['collector'],
      registers: [this.registry],
    });
  }

  /**
   * Adds a collector: `read` runs at every scrape, before the text is rendered, and sets its gauges.
   * A dependency that does not answer marks the collector down (`corridor_metrics_collector_up`)
   * instead of failing the whole scrape, so the other series stay readable.
   */
  addCollector(collector: string, read: () => Promise<void> | void): void {
    this.collectors.set(collector, read);
  }

  contentType(): string {
    return this.registry.contentType;
  }

  async text(): Promise<string> {
    await Promise.all([...this.collectors].map(([name, read]) => this.refresh(name, read)));
    return this.registry.metrics();
  }

  private async refresh(collector: string, read: () => Promise<void> | void): Promise<void> {
    try {
      await read();
      this.collectorUp.set({ collector }, 1);
    } catch {
      this.collectorUp.set({ collector }, 0);
    }
  }
}
