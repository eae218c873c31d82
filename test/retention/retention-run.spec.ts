import { utcDay } from '../../src/access/clock';
import '../../src/app.module';
import { runCli } from '../../src/cli/main';
import { loadConfig } from '../../src/config';
import { IntakeModule } from '../../src/intake/intake.module';
import { QueueName } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { ReportsService } from '../../src/reports/reports.service';
import { DAY_MS } from '../../src/retention/retention-policy';
import { RetentionModule } from '../../src/retention/retention.module';
import { WorkerHostModule } from '../../src/worker/worker-host.module';
import { Role } from '../../src/access/permissions';
import { newCase, newReport, newUser } from '../support/factories/service-tier.factory';
import { startServices, type ServiceTier } from '../support/service-tier';

jest.setTimeout(120_000);

let tier: ServiceTier;
beforeAll(async () => {
  tier = await startServices([IntakeModule, RetentionModule, WorkerHostModule], {
    env: { RETENTION_SCHEDULE: '5 4 * * *' },
  });
});
afterAll(() => tier?.close());

async function spamDecided(daysAgo: number): Promise<string> {
  const { reportId } = await newReport(tier, `cli-${daysAgo}`);
  const day = utcDay(Date.now() - daysAgo * DAY_MS);
  await tier.dataSource.transaction((m) => tier.get(ReportsService).setStatus(m, reportId, 'spam', day));
  return reportId;
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = tier.config.database.url;
  try {
    const code = await runCli(args);
    return { code, out: lines.join('') };
  } finally {
    // Assigning undefined would store the string "undefined".
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    spy.mockRestore();
  }
}

const reportCount = async () =>
  (await tier.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM reports`))[0].n;

describe('retention:run', () => {
  it('--dry-run prints counts per kind with the reason and deletes nothing; a run deletes them', async () => {
    await spamDecided(10);
    await spamDecided(9);
    await spamDecided(2);
    const before = await reportCount();

    const dry = await cli(['retention:run', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(
      'report.spam: 2 due (decided more than 7 days ago), 0 under legal hold, 0 postponed, 1 inside the policy',
    );
    expect(dry.out).toContain('report.no_action: 0 due');
    expect(dry.out).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // counts, never an id
    expect(await reportCount()).toBe(before);

    const run = await cli(['retention:run']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('report.spam: 2 deleted');
    expect(run.out).toMatch(/2 reports, \d+ items, 2 receipts, \d+ key slots, 2 keys/);
    expect(await reportCount()).toBe(before - 2);
  });

  it('--dry-run counts finished cases per kind (and receipts); a run deletes the due ones', async () => {
    const opener = await newUser(tier, [Role.COORDINATOR]);
    const finish = async (status: 'closed' | 'rejected', ago: number) => {
      const { caseId } = await newCase(tier, { openerId: opener.id });
      // The status machine is tested elsewhere: the finished state and its day directly.
      await tier.dataSource.query(
        `UPDATE cases SET status = $2, outcome = CASE WHEN $2 = 'closed' THEN 'other' END, status_day = $3 WHERE id = $1`,
        [caseId, status, utcDay(Date.now() - ago * DAY_MS)],
      );
      return caseId;
    };
    await finish('closed', 400);
    await finish('closed', 10);
    await finish('rejected', 100);
    const cases = async () =>
      (await tier.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM cases`))[0].n;
    const before = await cases();

    const dry = await cli(['retention:run', '--dry-run']);
    expect(dry.out).toContain(
      'case.closed: 1 due (closed more than 365 days ago), 0 under legal hold, 0 postponed, 1 inside the policy',
    );
    expect(dry.out).toContain('case.rejected: 1 due (rejected more than 90 days ago)');
    expect(dry.out).toMatch(/receipt\.decided: \d+ receipts expire/);
    expect(dry.out).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await cases()).toBe(before);

    const run = await cli(['retention:run']);
    expect(run.out).toContain('case.closed: 1 deleted');
    expect(run.out).toContain('case.rejected: 1 deleted');
    expect(run.out).toMatch(/case rows: 2 cases, 2 reports, /);
    expect(await cases()).toBe(before - 2);
  });

  it('coarsens old exact times as the scheduled run does (items and key slots), counts only', async () => {
    const { reportId } = await newReport(tier, 'cli-coarsen');
    const old = new Date(Date.now() - 40 * DAY_MS);
    old.setUTCHours(13, 47, 21, 123);
    // Rows written 40 days ago, exact to the millisecond (RETENTION_EXACT_TIMES_DAYS: 30).
    await tier.dataSource.query(`UPDATE report_items SET created_at = $2 WHERE report_id = $1`, [
      reportId,
      old,
    ]);
    await tier.dataSource.query(`UPDATE key_slots SET created_at = $2 WHERE key_id = $1`, [reportId, old]);
    const exact = async () =>
      (
        await tier.dataSource.query<{ n: number }[]>(
          `SELECT (SELECT count(*) FROM report_items WHERE report_id = $1 AND created_at = $2)
                + (SELECT count(*) FROM key_slots WHERE key_id = $1 AND created_at = $2) AS n`,
          [reportId, old],
        )
      )[0].n;
    expect(Number(await exact())).toBeGreaterThan(0);
    const run = await cli(['retention:run']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /times coarsened to the month: [1-9]\d* item times, \d+ read days, [1-9]\d* key slots/,
    );
    expect(run.out).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(Number(await exact())).toBe(0);
    const month = new Date(Date.UTC(old.getUTCFullYear(), old.getUTCMonth(), 1));
    const left = await tier.dataSource.query<{ at: Date }[]>(
      `SELECT created_at AS at FROM report_items WHERE report_id = $1
       UNION ALL SELECT created_at FROM key_slots WHERE key_id = $1`,
      [reportId],
    );
    expect(left.map((r) => r.at.toISOString())).toEqual(left.map(() => month.toISOString()));
    expect((await cli(['retention:run'])).out).toContain(
      'times coarsened to the month: 0 item times, 0 read days, 0 key slots',
    );
  });

  it('refuses an unknown flag with exit code 2', async () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await cli(['retention:run', '--everything'])).code).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});

describe('the worker', () => {
  it('schedules the run on RETENTION_SCHEDULE, in UTC, on the maintenance queue', async () => {
    const scheduler = await tier
      .get(QueueRegistry)
      .get(QueueName.MAINTENANCE)
      .getJobScheduler('retention:run');
    expect(scheduler).toMatchObject({ pattern: '5 4 * * *', tz: 'UTC' });
  });

  it('refuses a RETENTION_SCHEDULE that is not a cron pattern', () => {
    expect(() => loadConfig({ ...process.env, RETENTION_SCHEDULE: 'every night' })).toThrow(
      /RETENTION_SCHEDULE/,
    );
    expect(loadConfig({ ...process.env, RETENTION_SCHEDULE: '*/30 1-5 * * 1,3' }).retention.schedule).toBe(
      '*/30 1-5 * * 1,3',
    );
  });
});
