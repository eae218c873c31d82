import { randomUUID } from 'node:crypto';
import { Clock } from '../../src/access/clock';
import { IntakeModule } from '../../src/intake/intake.module';
import { ReportMessagesService } from '../../src/reports/report-messages.service';
import { DAY_MS } from '../../src/retention/retention-policy';
import { RetentionModule } from '../../src/retention/retention.module';
import { RetentionTask } from '../../src/retention/retention.task';
import { newReport } from '../support/factories/service-tier.factory';
import { startServices, type ServiceTier } from '../support/service-tier';

jest.setTimeout(120_000);

let tier: ServiceTier;
const NOW = Date.UTC(2026, 5, 20, 12, 34, 56, 789);
const WINDOW_DAYS = 30;

beforeAll(async () => {
  // Batches of 2: the run must go through several of them.
  tier = await startServices([IntakeModule, RetentionModule], {
    env: { RETENTION_EXACT_TIMES_DAYS: String(WINDOW_DAYS), RETENTION_BATCH_SIZE: '2' },
  });
  jest.spyOn(tier.get(Clock), 'now').mockReturnValue(NOW);
});
afterAll(() => tier?.close());

const isMonthStart = (d: Date) =>
  d.getTime() === Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) && d.getUTCHours() === 0;

/** A report with its answers, a reporter's and a caseworker's (read) message, every item's times set `ageDays` before NOW (+ `ms`). */
async function reportAged(ageDays: number, ms: number): Promise<string> {
  const { reportId } = await newReport(tier, `aged-${ageDays}`);
  const messages = tier.get(ReportMessagesService);
  await tier.dataSource.transaction(async (m) => {
    await messages.addReporterMessage(m, reportId, 'first');
    await messages.addCaseworkerMessage(m, reportId, randomUUID(), 'second');
  });
  const at = new Date(NOW - ageDays * DAY_MS + ms);
  await tier.dataSource.query(
    `UPDATE report_items SET created_at = $2,
            reporter_read_on = CASE WHEN author = 'caseworker' THEN ($2::timestamptz AT TIME ZONE 'UTC')::date END
      WHERE report_id = $1`,
    [reportId, at],
  );
  return reportId;
}

describe('item and history times after RETENTION_EXACT_TIMES_DAYS', () => {
  it('the tables hold no other time column than the ones the run coarsens', async () => {
    const columns = await tier.dataSource.query<{ c: string }[]>(
      `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name IN ('report_items', 'case_history', 'case_entries')
          AND data_type IN ('timestamp with time zone', 'timestamp without time zone', 'date')
        ORDER BY 1`,
    );
    expect(columns.map((r) => r.c)).toEqual(['report_items.created_at', 'report_items.reporter_read_on']);
    // Case history and timeline keep a month from the start ('YYYY-MM' text, checked by the schema).
    const months = await tier.dataSource.query<{ c: string }[]>(
      `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name IN ('case_history', 'case_entries') AND column_name = 'month'
        ORDER BY 1`,
    );
    expect(months.map((r) => r.c)).toEqual(['case_entries.month', 'case_history.month']);
  });

  it('a run of the retention job leaves every older time at its month, every newer one exact', async () => {
    const old = [await reportAged(WINDOW_DAYS + 1, 123), await reportAged(200, 4_567)];
    const recent = [await reportAged(WINDOW_DAYS - 1, 321), await reportAged(0, -1_000)];
    const before = await tier.dataSource.query<
      { id: string; created_at: Date; reporter_read_on: string | null }[]
    >(
      `SELECT id, created_at, to_char(reporter_read_on, 'YYYY-MM-DD') AS reporter_read_on FROM report_items
        WHERE report_id = ANY ($1::uuid[])`,
      [recent],
    );

    const result = await tier.get(RetentionTask).run();
    const oldItems = await tier.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM report_items WHERE report_id = ANY ($1::uuid[])`,
      [old],
    );
    expect(result.itemTimes).toBe(oldItems[0].n);
    expect(result.readDays).toBe(2); // the caseworker's message of each old report, read
    expect(result.reports).toBe(0); // nothing decided: the deletion half had nothing to do

    const cutoff = NOW - WINDOW_DAYS * DAY_MS;
    const rows = await tier.dataSource.query<
      { id: string; report_id: string; created_at: Date; reporter_read_on: string | null }[]
    >(
      `SELECT id, report_id, created_at, to_char(reporter_read_on, 'YYYY-MM-DD') AS reporter_read_on
         FROM report_items WHERE report_id = ANY ($1::uuid[])`,
      [[...old, ...recent]],
    );
    for (const row of rows) {
      if (old.includes(row.report_id)) {
        expect(isMonthStart(row.created_at)).toBe(true);
        expect(row.created_at.getTime()).toBeLessThan(cutoff);
        if (row.reporter_read_on !== null) expect(row.reporter_read_on).toMatch(/^\d{4}-\d{2}-01$/);
      } else {
        expect(row).toEqual({ ...before.find((b) => b.id === row.id)!, report_id: row.report_id });
        expect(isMonthStart(row.created_at)).toBe(false);
      }
    }
    // Every item older than the window, of any report, is at its month; none newer is.
    const [{ exact }] = await tier.dataSource.query<{ exact: number }[]>(
      `SELECT count(*)::int AS exact FROM report_items
        WHERE created_at < $1 AND created_at <> date_trunc('month', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
      [new Date(cutoff)],
    );
    expect(exact).toBe(0);

    // A second run finds nothing left to do.
    expect(await tier.get(RetentionTask).run()).toMatchObject({ itemTimes: 0, readDays: 0 });
  });

  it('a message read after its item was coarsened has its read day coarsened on the next run', async () => {
    const id = await reportAged(60, 0);
    await tier.get(RetentionTask).run();
    const lateRead = new Date(NOW - (WINDOW_DAYS + 5) * DAY_MS).toISOString().slice(0, 10);
    await tier.dataSource.query(
      `UPDATE report_items SET reporter_read_on = $2 WHERE report_id = $1 AND author = 'caseworker'`,
      [id, lateRead],
    );
    expect(await tier.get(RetentionTask).run()).toMatchObject({ itemTimes: 0, readDays: 1 });
    const days = await tier.dataSource.query<{ d: string }[]>(
      `SELECT to_char(reporter_read_on, 'YYYY-MM-DD') AS d FROM report_items WHERE report_id = $1 AND author = 'caseworker'`,
      [id],
    );
    expect(days.map((r) => r.d)).toEqual([`${lateRead.slice(0, 7)}-01`]);
  });
});
