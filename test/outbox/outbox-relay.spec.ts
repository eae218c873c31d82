import { randomUUID } from 'node:crypto';
import { AuditAction } from '../../src/audit/audit-action';
import { OutboxReconciler } from '../../src/outbox/outbox-reconciler';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { OutboxService } from '../../src/outbox/outbox.service';
import { QueueName } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { startTestApp, TestApp } from '../support/test-app';
import { closeAppWithoutRedis } from './support/close-without-redis';
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

  beforeAll(async () => {
    t = await startTestApp({ withWorker: true, env: { OUTBOX_RECONCILE_AFTER_SECONDS: '30' } });
    // A second worker on the same database and Redis: two relays competing for the same rows.
    second = await startTestApp({ withWorker: true, databaseUrl: t.config.database.url });
  });
  afterAll(async () => {
    await second.app.close();
    await t.close();
  });

  it('moves a committed outbox row into the triage queue with the report id as job id, within a second', async () => {
    const started = Date.now();
    const id = await insertReport(t.dataSource);
    const job = await waitFor(() => triage().getJob(id), 5_000, 'the job');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(job.id).toBe(id);
    expect(job.name).toBe('report.received');
    expect(job.data).toEqual({ reportId: id });
    await waitFor(
      async () => (await t.dataSource.query(`SELECT 1 FROM outbox WHERE entity_id = $1`, [id])).length === 0,
    );
  });

  it('adds a report once however many times its outbox row is relayed', async () => {
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
    // Counted by effects and by content, not by job id (BullMQ folds equal ids, so an id count
    // cannot show a duplicate): one job carries this report, one REPORT_QUEUED entry was written.
    const jobs = await triage().getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'], 0, -1);
    expect(jobs.filter((j) => (j.data as { reportId?: string }).reportId === id)).toHaveLength(1);
    expect((await queuedAuditEntries()) - entriesBefore).toBe(1);
  });

  it('moves hundreds of rows, each to exactly one job, with two relays competing', async () => {
    const ids = await Promise.all(Array.from({ length: 250 }, () => insertReport(t.dataSource)));
    await waitFor(async () => (await countRows(t.dataSource, 'outbox')) === 0, 15_000, 'an empty outbox');
    const jobs = await triage().getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'], 0, -1);
    const relayed = jobs
      .map((j) => (j.data as { reportId?: string }).reportId)
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

    it('re-queues a report that has neither an outbox row nor a job, and nothing else', async () => {
      const lost = await insertReport(t.dataSource, { withOutbox: false, receivedSecondsAgo: 120 });
      const recent = await insertReport(t.dataSource, { withOutbox: false, receivedSecondsAgo: 0 });
      const queued = await insertReport(t.dataSource, { withOutbox: false, receivedSecondsAgo: 120 });
      await t.dataSource.query(`UPDATE reports SET queued_at = now() WHERE id = $1`, [queued]);
      const relayed = await insertReport(t.dataSource, { receivedSecondsAgo: 120 });
      await waitFor(() => triage().getJob(relayed), 5_000, 'the relayed job');
      // The processor (when registered) marks reports queued; this one must still look unqueued.
      await t.dataSource.query(`UPDATE reports SET queued_at = NULL WHERE id = $1`, [relayed]);

      const result = await t.app.get(OutboxReconciler).run();
      expect(result.requeued).toBe(1);
      const job = await waitFor(() => triage().getJob(lost), 5_000, 'the re-queued job');
      expect(job.data).toEqual({ reportId: lost });
      expect(await triage().getJob(recent)).toBeUndefined();
      expect(await triage().getJob(queued)).toBeUndefined();
      await t.dataSource.query(`UPDATE reports SET queued_at = now() WHERE id = ANY($1::uuid[])`, [
        [lost, relayed],
      ]);
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
