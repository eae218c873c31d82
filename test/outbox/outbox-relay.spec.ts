import { randomUUID } from 'node:crypto';
import { AuditAction } from '../../src/audit/audit-action';
import { OutboxReconciler } from '../../src/outbox/outbox-reconciler';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { OutboxService } from '../../src/outbox/outbox.service';
import { QueueName } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { RedisClient } from '../../src/queue/redis.provider';
import { redisKeysNaming } from '../support/redis-scan';
import { startTestApp, TestApp } from '../support/test-app';
import { closeAppWithoutRedis } from './support/close-without-redis';
import { QueueAdd, recordQueueAdds } from './support/queue-adds';
import { countRows, insertReport, waitFor } from './support/reports';

describe('outbox relay and reconciler', () => {
  let t: TestApp;
  let second: TestApp;
  const triage = () => t.app.get(QueueRegistry).get(QueueName.TRIAGE);
  const queuedAuditEntries = async () =>
    (
      await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_entries WHERE action = $1`,
        [AuditAction.REPORT_QUEUED],
      )
    )[0].n;
  const isQueued = async (id: string) =>
    (await t.dataSource.query(`SELECT 1 FROM reports WHERE id = $1 AND queued_at IS NOT NULL`, [id]))
      .length === 1;

  let adds: () => QueueAdd[];

  beforeAll(async () => {
    // The reconciler runs when a test says so (its schedule would re-queue a test's reports early).
    const env = { OUTBOX_RECONCILE_AFTER_SECONDS: '30', OUTBOX_RECONCILE_EVERY_SECONDS: '3600' };
    t = await startTestApp({ withWorker: true, env });
    // A second worker on the same database and Redis: two relays competing for the same rows.
    second = await startTestApp({ withWorker: true, databaseUrl: t.config.database.url, env });
    adds = recordQueueAdds(t.app, second.app);
  });
  afterAll(async () => {
    await second.app.close();
    await t.close();
  });

  it('moves a committed outbox row into the triage queue within a second, under a job id that is not the report id', async () => {
    const started = Date.now();
    const id = await insertReport(t.dataSource);
    const add = await waitFor(async () => adds().find((a) => a.reportId === id), 5_000, 'the add');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(add.queue).toBe(QueueName.TRIAGE);
    expect(add.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(add.jobId).not.toBe(id);
    await waitFor(
      async () => (await t.dataSource.query(`SELECT 1 FROM outbox WHERE entity_id = $1`, [id])).length === 0,
    );
    // Once done, the job is gone: nothing in BullMQ says which report it was, or when.
    await waitFor(() => isQueued(id), 10_000, 'the report marked queued');
    await waitFor(async () => (await triage().getJob(add.jobId!)) === undefined, 5_000, 'the job removed');
  });

  it('queues a report once however many times its outbox row is relayed', async () => {
    // The entries carry no report id, so they are counted globally: first let every earlier
    // report's job finish, or its entry would land inside this count.
    await waitFor(
      async () => (await t.dataSource.query(`SELECT 1 FROM reports WHERE queued_at IS NULL`)).length === 0,
      10_000,
      'every earlier report marked queued',
    );
    const entriesBefore = await queuedAuditEntries();
    const id = await insertReport(t.dataSource);
    await t.dataSource.query(
      `INSERT INTO outbox (queue, job_name, entity_id) SELECT 'triage', 'report.received', $1 FROM generate_series(1, 3)`,
      [id],
    );
    await waitFor(async () => (await countRows(t.dataSource, 'outbox')) === 0, 5_000, 'an empty outbox');
    await waitFor(() => isQueued(id), 10_000, 'the report marked queued');
    await waitFor(async () => (await triage().getJobCounts('waiting', 'active')).waiting === 0, 10_000);
    // Four rows (intake's and three more), four jobs (their ids name no report, so BullMQ cannot
    // fold them): the processor's database guard queues the report once, with one entry.
    await waitFor(async () => (await triage().getJobCounts('active')).active === 0, 10_000);
    expect(adds().filter((a) => a.reportId === id)).toHaveLength(4);
    expect((await queuedAuditEntries()) - entriesBefore).toBe(1);
  });

  it('moves hundreds of rows, each to exactly one job, with two relays competing', async () => {
    const ids = await Promise.all(Array.from({ length: 250 }, () => insertReport(t.dataSource)));
    await waitFor(async () => (await countRows(t.dataSource, 'outbox')) === 0, 15_000, 'an empty outbox');
    const relayed = adds()
      .map((a) => a.reportId)
      .filter((id): id is string => ids.includes(id!));
    expect(relayed.sort()).toEqual([...ids].sort());
  });

  it('writes the outbox row in the caller transaction: a rollback leaves no row', async () => {
    const outbox = t.app.get(OutboxService);
    const before = await countRows(t.dataSource, 'outbox');
    await expect(
      t.dataSource.transaction(async (manager) => {
        await outbox.add(manager, {
          queue: QueueName.TRIAGE,
          jobName: 'report.received',
          entityId: randomUUID(),
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await countRows(t.dataSource, 'outbox')).toBe(before);
  });

  it('refuses an entry that is not an id, in the caller transaction', async () => {
    const outbox = t.app.get(OutboxService);
    await expect(
      t.dataSource.transaction((manager) =>
        outbox.add(manager, { queue: QueueName.TRIAGE, jobName: 'report.received', entityId: 'name: Ahmed' }),
      ),
    ).rejects.toThrow(/not an id/);
  });

  describe('reconciler', () => {
    it('is scheduled on the maintenance queue at the configured interval', async () => {
      const scheduler = await t.app
        .get(QueueRegistry)
        .get(QueueName.MAINTENANCE)
        .getJobScheduler('outbox:reconcile');
      expect(scheduler?.every).toBe(t.config.intakeLimits.outbox.reconcileEveryMs);
    });

    it('re-queues, once the queue is idle, the overdue unqueued reports without an outbox row, and nothing else', async () => {
      const lost = await insertReport(t.dataSource, { withOutbox: false, receivedSecondsAgo: 120 });
      const recent = await insertReport(t.dataSource, { withOutbox: false, receivedSecondsAgo: 0 });
      const queued = await insertReport(t.dataSource, { withOutbox: false, receivedSecondsAgo: 120 });
      await t.dataSource.query(`UPDATE reports SET queued_at = now() WHERE id = $1`, [queued]);
      const waiting = await insertReport(t.dataSource, { receivedSecondsAgo: 120 });
      const reconciler = t.app.get(OutboxReconciler);

      // While the queue holds a job (it might be one of the overdue ones), nothing is re-queued.
      await triage().pause();
      await waitFor(async () => adds().some((a) => a.reportId === waiting), 5_000, 'the relayed job');
      expect(await reconciler.run()).toMatchObject({ requeued: 0 });
      await triage().resume();
      await waitFor(() => isQueued(waiting), 10_000, 'the relayed report marked queued');
      await waitFor(
        async () =>
          Object.values(await triage().getJobCounts('waiting', 'active', 'delayed')).every((n) => !n),
        10_000,
        'an idle queue',
      );

      const before = new Set(adds().map((a) => a.jobId));
      const result = await reconciler.run();
      expect(result.requeued).toBe(1);
      await waitFor(() => isQueued(lost), 10_000, 'the lost report marked queued');
      expect(
        adds()
          .filter((a) => !before.has(a.jobId))
          .map((a) => a.reportId),
      ).toEqual([lost]);
      expect(await isQueued(recent)).toBe(false);
      // Out of the way of the scheduled reconcilers of later tests.
      await t.dataSource.query(`UPDATE reports SET queued_at = now() WHERE id = $1`, [recent]);
    });

    it('a duplicate the reconciler adds (the report queued meanwhile) changes nothing', async () => {
      const id = await insertReport(t.dataSource, { receivedSecondsAgo: 120 });
      await waitFor(() => isQueued(id), 10_000, 'the report marked queued');
      const entriesBefore = await queuedAuditEntries();
      const [{ queued_at: first }] = await t.dataSource.query<{ queued_at: Date }[]>(
        `SELECT queued_at FROM reports WHERE id = $1`,
        [id],
      );
      await t.dataSource.query(
        `INSERT INTO outbox (queue, job_name, entity_id) VALUES ('triage', 'report.received', $1)`,
        [id],
      );
      await waitFor(
        async () => adds().filter((a) => a.reportId === id).length === 2,
        5_000,
        'the second add',
      );
      await waitFor(async () => (await triage().getJobCounts('waiting', 'active')).active === 0, 10_000);
      const [{ queued_at: after }] = await t.dataSource.query<{ queued_at: Date }[]>(
        `SELECT queued_at FROM reports WHERE id = $1`,
        [id],
      );
      expect(after).toEqual(first);
      expect(await queuedAuditEntries()).toBe(entriesBefore);
    });

    it('leaves no report id anywhere in the BullMQ key space once the jobs are done', async () => {
      await waitFor(
        async () =>
          Object.values(await triage().getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every(
            (n) => !n,
          ),
        15_000,
        'every job done',
      );
      const ids = (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM reports`)).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(250);
      const redis = t.app.get(RedisClient);
      const bullKeys = await redis.connection.keys(`${t.config.redis.prefix}:${QueueName.TRIAGE}:*`);
      expect(bullKeys.length).toBeGreaterThan(0); // the queue's own keys (events, meta, id) exist
      expect(await redisKeysNaming(redis.connection, `${t.config.redis.prefix}:`, ids)).toEqual([]);
    });
  });
});

describe('outbox relay with Redis away', () => {
  let t: TestApp;
  beforeAll(async () => {
    // An API-role app (no worker loop) on its own database, whose Redis never answers.
    t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(() => closeAppWithoutRedis(t));

  it('keeps every row, counts the attempt and records a code, not a message', async () => {
    const ids = [await insertReport(t.dataSource), await insertReport(t.dataSource)];
    const pass = await t.app.get(OutboxRelay).relayOnce();
    expect(pass).toEqual({ moved: 0, failed: 2 });
    const rows: { entity_id: string; attempts: number; last_error_code: string }[] = await t.dataSource.query(
      `SELECT entity_id, attempts, last_error_code FROM outbox ORDER BY id`,
    );
    expect(rows.map((r) => r.entity_id)).toEqual(ids);
    for (const row of rows) {
      expect(row.attempts).toBe(1);
      expect(row.last_error_code).toMatch(/^[A-Za-z0-9_]+$/);
    }
  }, 20_000);

  it('reconciler leaves a report whose outbox row is still waiting to the relay', async () => {
    const id = await insertReport(t.dataSource, { receivedSecondsAgo: 600 });
    const result = await t.app.get(OutboxReconciler).run();
    expect(result).toEqual({ checked: 0, requeued: 0, retried: 0 });
    expect((await t.dataSource.query(`SELECT 1 FROM outbox WHERE entity_id = $1`, [id])).length).toBe(1);
  });
});
