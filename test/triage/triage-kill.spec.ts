import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { toBase64Url } from '../../src/crypto';
import { createTriageForm, runTriageJob, submitTriageReport } from '../support/factories/triage.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(90_000);

let t: TestApp;
let child: ChildProcess | undefined;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await t?.close();
});

const ROOT = join(__dirname, '..', '..');
const until = async (what: string, check: () => Promise<boolean>, ms = 45_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

it('a worker process killed with kill -9 mid-job changes nothing twice when the job runs again', async () => {
  const slug = await createTriageForm(t);
  const reportId = await submitTriageReport(t, slug, { detained_now: true });
  // Hold the triage item's key in an open transaction: the child's job (one statement: mark
  // queued, audit entry, item) blocks on inserting the same item — mid-job, its writes uncommitted.
  const blocker = t.dataSource.createQueryRunner();
  await blocker.connect();
  await blocker.startTransaction();
  await blocker.query(`INSERT INTO triage_items (report_id, priority, waiting_since) VALUES ($1, 0, now())`, [
    reportId,
  ]);

  child = spawn(process.execPath, ['-r', join(ROOT, 'scripts/register-ts.js'), join(ROOT, 'src/worker.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: t.config.database.url,
      REDIS_PREFIX: t.config.redis.prefix,
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'warn',
      CORRIDOR_RECOVERY_PUBLIC_KEY: toBase64Url(t.config.secrets.recoveryPublicKey),
    },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  await until('the worker to block mid-job', async () => {
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO triage_items%'
          AND pid <> pg_backend_pid()`,
    );
    return n === 1;
  });
  const [{ queued_at: midJob }] = await t.dataSource.query(`SELECT queued_at FROM reports WHERE id = $1`, [
    reportId,
  ]);
  expect(midJob).toBeNull(); // all of the job commits together: nothing of it shows mid-job

  child.kill('SIGKILL');
  await exited;
  await blocker.rollbackTransaction();
  await blocker.release();

  // The killed worker's server-side statement may still complete once its lock is free (PostgreSQL
  // does not check a client while it waits); wait for it to finish either way.
  await until('the orphaned statement to end', async () => {
    const [{ n: waiting }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE '%INSERT INTO triage_items%' AND state = 'active'
          AND pid <> pg_backend_pid()`,
    );
    return waiting === 0;
  });
  const [{ queued_at }] = await t.dataSource.query(`SELECT queued_at FROM reports WHERE id = $1`, [reportId]);
  // The job runs again (BullMQ redelivers a stalled job; here the processor directly), twice: the
  // orphaned statement committed all of the job or none of it, and the runs do the rest once.
  const again = await runTriageJob(t, reportId);
  expect(again).toEqual(queued_at ? { marked: false, queued: false } : { marked: true, queued: true });
  expect(await runTriageJob(t, reportId)).toEqual({ marked: false, queued: false });
  const items = await t.dataSource.query(`SELECT priority FROM triage_items WHERE report_id = $1`, [
    reportId,
  ]);
  expect(items).toEqual([{ priority: 2 }]);
  const [after] = await t.dataSource.query(`SELECT queued_at FROM reports WHERE id = $1`, [reportId]);
  expect(after.queued_at).not.toBeNull();
  if (queued_at) expect(after.queued_at).toEqual(queued_at);
  const [{ n }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'report.queued'`,
  );
  expect(n).toBe(1);
});
