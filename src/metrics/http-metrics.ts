import { Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

/** Requests that matched no route share this label: a raw URL would put ids and probes in labels. */
export const UNMATCHED_ROUTE = 'unmatched';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Seconds; from a health probe (≈1 ms) to a slow-by-design reporter sign-in (≥0.8 s) and beyond. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route template Fastify matched (`/api/v1/users/:id`), never the URL that was sent. */
export function routeLabel(request: FastifyRequest): string {
  return request.routeOptions?.url ?? UNMATCHED_ROUTE;
}

/** Requests by route template, method and status, and their latency, from one `onResponse` hook. */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;

  constructor(private readonly metrics: MetricsRegistry) {
    this.requests = new Counter({
      name: 'corridor_http_requests_total',
      help: 'HTTP requests answered, by route template, method and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'corridor_http_request_duration_seconds',
      help: 'Time from receiving a request to finishing its answer, by route template and method.',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS,
      registers: [metrics.registry],
    });
  }

  /** Adds the hook; without METRICS_PORT requests cost nothing extra. */
  install(fastify: FastifyInstance): void {
    if (!this.metrics.enabled) return;
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const route = routeLabel(request);
      const method = METHODS.has(request.method) ? request.method : 'OTHER';
      this.requests.inc({ method, route, status: String(reply.statusCode) });
      this.duration.observe({ method, route }, reply.elapsedTime / 1000);
      done();
    });
  }
}
