import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import { Role } from '../../src/access/permissions';
import { cryptoBackend } from '../../src/crypto';
import { MetricsRegistry } from '../../src/metrics/metrics-registry';
import { MetricsServer } from '../../src/metrics/metrics-server';
import { QueueName } from '../../src/queue/queue-names';
import { CONSUMER_STALL_SECONDS } from '../../src/worker/consumer-heartbeat';
import { WorkerHost } from '../../src/worker/worker-host.service';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import {
  buildSealedSubmission,
  fetchPublicForm,
  submitPlaintext,
} from '../support/factories/reports.factory';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

const canary = (name: string) => `CANARY${name}${randomBytes(6).toString('hex')}`;

function metricsUrl(t: TestApp, path: string): string {
  const port = t.app.get(MetricsServer).port();
  if (!port) throw new Error('metrics server not listening');
  return `http://127.0.0.1:${port}${path}`;
}

async function scrape(t: TestApp): Promise<string> {
  const res = await fetch(metricsUrl(t, '/metrics'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one series, e.g. `corridor_queue_jobs{queue="triage",state="waiting"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ withWorker: true, env: { METRICS_PORT: '0' } });
    await seedDefaultForm(t);
  });
  afterAll(() => t.close());

  it('after an intake run with canary answers: the queue, outbox, audit and pool series, and no content or id', async () => {
    const needles: string[] = [];
    const answers = (tag: string) => {
      const [a, b, c] = [canary(`${tag}story`), canary(`${tag}handle`), canary(`${tag}name`)];
      needles.push(a, b, c);
      return { ...defaultFormAnswers(), what_happened: a, contact_handle: b, name_or_alias: c };
    };
    const receipts = [
      await submitPlaintext(t, 'report', answers('one')),
      await submitPlaintext(t, 'report', answers('two')),
    ];
    const sealed = buildSealedSubmission(await fetchPublicForm(t, 'report'), answers('sealed'));
    expect((await t.post('/api/v1/intake/report/reports', sealed.body)).status).toBe(201);
    receipts.push(sealed.receipt);
    expect((await t.post('/api/v1/reporter/session', { receipt: receipts[0] })).status).toBe(201);

    // An id in a matched route's path, and a canary in an unmatched one.
    const admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    const other = await createSignedInUser(t, { roles: [Role.TRIAGER] });
    const patched = await t.request('PATCH', `/api/v1/users/${other.id}`, {
      token: admin.token,
      body: { disabled: false },
    });
    expect(patched.status).toBe(200);
    const probe = canary('path');
    needles.push(probe);
    expect((await t.get(`/api/v1/no-such-route/${probe}?q=${probe}`)).status).toBe(404);

    const text = await scrape(t);
    const reportIds = (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM reports`)).map((r) => r.id);
    expect(reportIds).toHaveLength(3);
    for (const needle of [...needles, ...receipts, ...reportIds, admin.id, other.id, other.username]) {
      expect(text).not.toContain(needle);
    }

    // Series by fixed names only.
    for (const queue of Object.values(QueueName)) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(text, `corridor_queue_jobs{queue="${queue}",state="${state}"}`)).toBeGreaterThanOrEqual(
          0,
        );
      }
    }
    expect(sample(text, 'corridor_outbox_rows')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'corridor_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'corridor_audit_unsealed_entries')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'corridor_crypto_pool_threads')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'corridor_crypto_pool_queued')).toBe(0);
    // The backend the process chose (CRYPTO_BACKEND, auto: native where sodium-native loads).
    const chosen = cryptoBackend();
    const unchosen = chosen === 'native' ? 'wasm' : 'native';
    expect(sample(text, `corridor_crypto_backend{backend="${chosen}"}`)).toBe(1);
    expect(sample(text, `corridor_crypto_backend{backend="${unchosen}"}`)).toBe(0);
    // Three receipt derivations, a reporter sign-in and two caseworker sign-ins ran in the pool.
    expect(sample(text, 'corridor_crypto_pool_tasks_completed')).toBeGreaterThanOrEqual(6);
    expect(sample(text, 'corridor_crypto_pool_busy_seconds_total')).toBeGreaterThan(0);
    for (const name of ['collector="queues"', 'collector="outbox"', 'collector="audit"']) {
      expect(sample(text, `corridor_metrics_collector_up{${name}}`)).toBe(1);
    }
    expect(sample(text, `corridor_worker_heartbeat_age_seconds{queue="${QueueName.TRIAGE}"}`)).toBeLessThan(
      CONSUMER_STALL_SECONDS,
    );
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);

    // Requests by route template, never the URL sent.
    expect(
      sample(
        text,
        'corridor_http_requests_total{method="POST",route="/api/v1/intake/:slug/reports",status="201"}',
      ),
    ).toBe(3);
    expect(
      sample(text, 'corridor_http_requests_total{method="PATCH",route="/api/v1/users/:id",status="200"}'),
    ).toBe(1);
    expect(sample(text, 'corridor_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(
      sample(
        text,
        'corridor_http_request_duration_seconds_count{method="POST",route="/api/v1/intake/:slug/reports"}',
      ),
    ).toBe(3);
    const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));
    for (const route of routes) expect(route === 'unmatched' || /^\/[a-z0-9/:_.-]*$/.test(route)).toBe(true);
  });

  it('is not served on the API port', async () => {
    expect((await t.get('/metrics')).status).toBe(404);
    expect((await t.get('/api/v1/metrics')).status).toBe(404);
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(t.config.metrics.host).toBe('127.0.0.1');
  });

  it('a worker that stops consuming makes the worker role unready and shows in the heartbeat age', async () => {
    const ready = await fetch(metricsUrl(t, '/health/ready'));
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { info: Record<string, unknown> }).info).toHaveProperty('worker');

    const triage = t.app
      .get(WorkerHost)
      .consumers()
      .find((w: Worker) => w.name === QueueName.TRIAGE)!;
    await triage.pause(true);
    try {
      await new Promise((resolve) => setTimeout(resolve, (CONSUMER_STALL_SECONDS + 1.5) * 1000));
      const unready = await fetch(metricsUrl(t, '/health/ready'));
      expect(unready.status).toBe(503);
      const body = (await unready.json()) as {
        error: { code: string; details: { checks: Record<string, string> } };
      };
      expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.error.details.checks.worker).toBe('down');
      expect((await t.get('/health/ready')).status).toBe(503);
      const text = await scrape(t);
      expect(
        sample(text, `corridor_worker_heartbeat_age_seconds{queue="${QueueName.TRIAGE}"}`),
      ).toBeGreaterThan(CONSUMER_STALL_SECONDS);
    } finally {
      await triage.resume();
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await fetch(metricsUrl(t, '/health/ready'))).status).toBe(200);
  }, 20_000);
});

describe('metrics in the API role (no relay running)', () => {
  it('shows the outbox backlog and the age of its oldest row', async () => {
    const t = await startTestApp({ env: { METRICS_PORT: '0' } });
    try {
      const before = await scrape(t);
      expect(sample(before, 'corridor_outbox_rows')).toBe(0);
      expect(sample(before, 'corridor_outbox_oldest_age_seconds')).toBe(0);
      await t.dataSource.query(
        `INSERT INTO outbox (queue, job_name, entity_id, created_at)
         VALUES ($1, 'triage', gen_random_uuid(), now() - interval '1 hour'),
                ($1, 'triage', gen_random_uuid(), now())`,
        [QueueName.TRIAGE],
      );
      const after = await scrape(t);
      expect(sample(after, 'corridor_outbox_rows')).toBe(2);
      expect(sample(after, 'corridor_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(3600);
      expect(sample(after, 'corridor_outbox_oldest_age_seconds')).toBeLessThan(3700);
      expect(after).not.toContain('corridor_worker_heartbeat_age_seconds{');
    } finally {
      await t.close();
    }
  });
});

describe('metrics off', () => {
  it('no metrics server when METRICS_PORT is unset, and the API role has no heartbeat', async () => {
    const t = await startTestApp({ env: { METRICS_PORT: '' } });
    try {
      expect(t.config.metrics.port).toBeUndefined();
      expect(t.app.get(MetricsServer).port()).toBeUndefined();
      const ready = await t.get<{ info: Record<string, unknown> }>('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info).not.toHaveProperty('worker');
      // Nothing is measured either: no request series, no process series.
      const text = await t.app.get(MetricsRegistry).text();
      expect(text).not.toContain('corridor_http_requests_total{');
      expect(text).not.toContain('process_resident_memory_bytes');
    } finally {
      await t.close();
    }
  });
});
