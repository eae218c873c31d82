import { createHmac, randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { NotificationDeliveryProcessor } from '../../src/notifications/notification-delivery.processor';
import { verifyNotification } from '../../src/notifications/notification-signature';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { QueueName } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { insertReport, waitFor } from '../outbox/support/reports';
import { startTestApp, TestApp } from '../support/test-app';
import { LoopbackReceiver, ReceivedDelivery } from './support/loopback-receiver';

const WINDOW_MS = 2000;
const TIMEOUT_MS = 400;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_TIME_ANYWHERE = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?/;
/** Headers Node's fetch adds by itself, plus ours. Anything else would be a leak to look at. */
const EXPECTED_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'connection',
  'content-length',
  'content-type',
  'host',
  'sec-fetch-mode',
  'user-agent',
  'x-corridor-signature',
  'x-corridor-timestamp',
];

/**
 * Webhooks end to end: the real app in the worker role, real Redis and BullMQ, real HTTP to a
 * receiver on loopback. The debounce window is two seconds here (60 in production); the burst of
 * triggers must fit in it.
 */
describe('webhook notifications', () => {
  const secret = randomBytes(32);
  const canaryPath = `/hooks/canary-${randomBytes(6).toString('hex')}`;
  let receiver: LoopbackReceiver;
  let t: TestApp;
  const queue = () => t.app.get(QueueRegistry).get(QueueName.NOTIFICATIONS);
  const service = () => t.app.get(NotificationsService);
  const reportIds: string[] = [];

  beforeAll(async () => {
    receiver = await LoopbackReceiver.start(canaryPath);
    t = await startTestApp({
      withWorker: true,
      logLevel: 'debug',
      env: {
        NOTIFY_WEBHOOKS: `${receiver.url}|${secret.toString('base64url')}`,
        NOTIFY_DEBOUNCE_SECONDS: String(WINDOW_MS / 1000),
        NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS),
        NOTIFY_ATTEMPTS: '3',
        NOTIFY_BACKOFF_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function addReports(n: number, urgent = false): Promise<void> {
    for (let i = 0; i < n; i++) {
      const id = await insertReport(t.dataSource, { withOutbox: false });
      if (urgent) await t.dataSource.query(`UPDATE reports SET urgent = true WHERE id = $1`, [id]);
      reportIds.push(id);
    }
  }

  async function countsNow(): Promise<{ pending: number; urgent: number }> {
    const [row]: { pending: number; urgent: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS pending, (count(*) FILTER (WHERE urgent))::int AS urgent FROM reports WHERE status = 'received'`,
    );
    return row;
  }

  /** Nothing scheduled, running or waiting to retry: the previous test's window is over. */
  async function queueIdle(): Promise<void> {
    await waitFor(
      async () => {
        const c = await queue().getJobCounts('waiting', 'delayed', 'active', 'prioritized');
        return Object.values(c).every((n) => n === 0);
      },
      15_000,
      'an idle notifications queue',
    );
  }

  const deliveries = (n: number, timeoutMs = 10_000) =>
    waitFor(async () => receiver.deliveries.length >= n, timeoutMs, `${n} deliveries`);

  function expectValidSignature(d: ReceivedDelivery): void {
    const timestamp = d.headers['x-corridor-timestamp'] as string;
    const signature = d.headers['x-corridor-signature'] as string;
    // The documented algorithm, computed here independently of the code under test.
    const expected = createHmac('sha256', secret).update(`${timestamp}.${d.body}`).digest('hex');
    expect(signature).toBe(`v1=${expected}`);
    expect(verifyNotification(secret, { timestamp, signature, body: d.body })).toBe('valid');
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(10);
  }

  it('sends the counts only, signed, after the window', async () => {
    await addReports(3);
    await addReports(2, true);
    const started = Date.now();
    await service().pendingChanged();
    await deliveries(1);
    const [d] = receiver.deliveries;
    expect(d.receivedAt - started).toBeGreaterThanOrEqual(WINDOW_MS);
    expect(d.body).toBe(JSON.stringify({ version: 1, ...(await countsNow()) }));
    expect(JSON.parse(d.body)).toEqual({ version: 1, pending: 5, urgent: 2 });
    expect(Object.keys(d.headers).sort()).toEqual(EXPECTED_HEADERS);
    expect(d.headers['content-type']).toBe('application/json');
    expectValidSignature(d);
    const everything = `${d.body}\n${JSON.stringify(d.headers)}`;
    expect(everything).not.toMatch(UUID_ANYWHERE);
    expect(everything).not.toMatch(ISO_TIME_ANYWHERE);
    expect(everything).not.toContain('outbox-test');
    for (const id of reportIds) expect(everything).not.toContain(id.slice(0, 8));
  });

  it('merges a burst of 1,000 triggers into one delivery per window, with the counts at send time', async () => {
    await queueIdle();
    receiver.reset();
    const started = Date.now();
    await Promise.all(Array.from({ length: 1000 }, () => service().pendingChanged()));
    const burstMs = Date.now() - started;
    expect(burstMs).toBeLessThan(WINDOW_MS);
    await addReports(1, true); // arrives inside the window: the delivery must count it
    await deliveries(1);
    // Another full window without a trigger: still only the one delivery.
    await new Promise((r) => setTimeout(r, WINDOW_MS * 2));
    expect(receiver.deliveries).toHaveLength(1);
    expect(JSON.parse(receiver.deliveries[0].body)).toEqual({ version: 1, ...(await countsNow()) });
    expectValidSignature(receiver.deliveries[0]);

    // A trigger after the window delivers again, with the new numbers.
    await addReports(2);
    await service().pendingChanged();
    await deliveries(2);
    const [first, second] = receiver.deliveries;
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(WINDOW_MS);
    expect(JSON.parse(second.body)).toEqual({ version: 1, ...(await countsNow()) });
    expect(JSON.parse(second.body).pending).toBe(JSON.parse(first.body).pending + 2);
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    expect(receiver.deliveries).toHaveLength(2);
    console.log(`burst of 1000 triggers took ${burstMs} ms`);
  });

  it('retries a receiver that answers 500 twice, and delivers on the third attempt', async () => {
    await queueIdle();
    receiver.reset((n) => (n < 2 ? 500 : 200));
    const failedBefore = await queue().getFailedCount();
    await service().pendingChanged();
    await deliveries(3);
    await queueIdle();
    expect(receiver.deliveries).toHaveLength(3);
    const bodies = new Set(receiver.deliveries.map((d) => d.body));
    expect(bodies).toEqual(new Set([JSON.stringify({ version: 1, ...(await countsNow()) })]));
    receiver.deliveries.forEach(expectValidSignature);
    // Exponential backoff (100 ms, then 200 ms, less up to 20 % jitter): lower bounds only, as a
    // loaded machine can only make the waits longer.
    const [a, b, c] = receiver.deliveries.map((d) => d.receivedAt);
    expect(b - a).toBeGreaterThanOrEqual(75);
    expect(c - b).toBeGreaterThanOrEqual(155);
    expect(await queue().getFailedCount()).toBe(failedBefore);
  });

  it('cuts a receiver that never answers at the timeout, and keeps the job in the failed set', async () => {
    await queueIdle();
    receiver.reset(() => 'hang');
    const failedBefore = await queue().getFailedCount();
    await service().pendingChanged();
    await deliveries(3);
    await waitFor(async () => (await queue().getFailedCount()) === failedBefore + 1, 10_000, 'a failed job');
    for (const d of receiver.deliveries) {
      await waitFor(async () => d.closedAt !== undefined, 2_000, 'the client to hang up');
      expect(d.closedAt! - d.receivedAt).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(d.closedAt! - d.receivedAt).toBeLessThan(TIMEOUT_MS + 1000);
    }
    const [failed] = await queue().getFailed(0, 0);
    expect(failed.data).toEqual({ endpointId: t.config.notifications.endpoints[0].id });
    expect(failed.failedReason).toBe('receiver timeout');
    expect(failed.attemptsMade).toBe(3);
    expect(failed.stacktrace).toEqual([]);
  });

  it('does not follow a redirect: the body and signature go nowhere else, and the job fails', async () => {
    await queueIdle();
    const elsewhere = await LoopbackReceiver.start('/elsewhere');
    try {
      receiver.reset(() => ({ redirectTo: elsewhere.url }));
      const failedBefore = await queue().getFailedCount();
      await service().pendingChanged();
      await waitFor(
        async () => (await queue().getFailedCount()) === failedBefore + 1,
        10_000,
        'a failed job',
      );
      expect(receiver.deliveries).toHaveLength(3);
      expect(elsewhere.deliveries).toHaveLength(0);
      const [failed] = await queue().getFailed(0, 0);
      expect(failed.failedReason).toBe('receiver answered 307');
    } finally {
      await elsewhere.close();
    }
  });

  it('delivers the same statement when a job runs twice, and drops a job for an unknown endpoint', async () => {
    await queueIdle();
    receiver.reset();
    const processor = t.app.get(NotificationDeliveryProcessor);
    const job = { data: { endpointId: t.config.notifications.endpoints[0].id } } as Job<{
      endpointId: string;
    }>;
    expect(await processor.process(job)).toEqual({ delivered: true });
    expect(await processor.process(job)).toEqual({ delivered: true });
    expect(receiver.deliveries).toHaveLength(2);
    expect(receiver.deliveries[0].body).toBe(receiver.deliveries[1].body);
    const unknown = { data: { endpointId: '00000000-0000-4000-8000-000000000000' } } as Job<{
      endpointId: string;
    }>;
    expect(await processor.process(unknown)).toEqual({ delivered: false });
    await expect(
      processor.process({ data: { endpointId: receiver.url } } as Job<{ endpointId: string }>),
    ).rejects.toThrow(/not an id/);
    expect(receiver.deliveries).toHaveLength(2);
  });

  it('leaves neither the URL nor the secret in Redis or in the logs', async () => {
    await queueIdle();
    const port = new URL(receiver.url).port;
    const canaries = [canaryPath, `127.0.0.1:${port}`, secret.toString('base64url'), secret.toString('hex')];
    const redis = t.redis.connection;
    let cursor = '0';
    let keys = 0;
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${t.config.redis.prefix}:*`, 'COUNT', 500);
      for (const key of batch) {
        keys++;
        const values = await dumpKey(redis, key);
        for (const value of [Buffer.from(key), ...values]) {
          for (const canary of canaries) expect(value.includes(canary)).toBe(false);
          expect(value.includes(secret)).toBe(false);
        }
      }
      cursor = next;
    } while (cursor !== '0');
    expect(keys).toBeGreaterThan(0);
    const logs = t.logs.text;
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('job failed'); // the timeout test's failures were logged…
    for (const canary of canaries) expect(logs).not.toContain(canary); // …without saying where
  });
});

async function dumpKey(redis: TestApp['redis']['connection'], key: string): Promise<Buffer[]> {
  switch (await redis.type(key)) {
    case 'string':
      return [(await redis.getBuffer(key)) ?? Buffer.alloc(0)];
    case 'hash':
      return Object.entries(await redis.hgetallBuffer(key)).flatMap(([k, v]) => [Buffer.from(k), v]);
    case 'list':
      return redis.lrangeBuffer(key, 0, -1);
    case 'set':
      return redis.smembersBuffer(key);
    case 'zset':
      return redis.zrangeBuffer(key, 0, -1);
    case 'stream':
      return (await redis.xrangeBuffer(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
    default:
      return [];
  }
}
