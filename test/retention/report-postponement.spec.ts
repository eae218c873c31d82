import { Clock, utcDay } from '../../src/access/clock';
import { Role } from '../../src/access/permissions';
import { CaseRetentionService } from '../../src/cases/case-retention.service';
import { CaseWorkflowService } from '../../src/cases/case-workflow.service';
import { CasesModule } from '../../src/cases/cases.module';
import { openFromCaseAsString, openKeySlot } from '../../src/crypto';
import { IntakeModule } from '../../src/intake/intake.module';
import { KeysService } from '../../src/keys/keys.service';
import { ReporterModule } from '../../src/reporter/reporter.module';
import { ReporterService } from '../../src/reporter/reporter.service';
import { ReportsService } from '../../src/reports/reports.service';
import { ReceiptExpiry } from '../../src/retention/receipt-expiry';
import { ReportHoldsService, reportRetainReasonLocation } from '../../src/retention/report-holds.service';
import { DAY_MS } from '../../src/retention/retention-policy';
import { RetentionModule } from '../../src/retention/retention.module';
import { RetentionService } from '../../src/retention/retention.service';
import { newCase, newReport, newUser, principalOf } from '../support/factories/service-tier.factory';
import { startServices, type ServiceTier } from '../support/service-tier';
import { openCaseFrom } from '../support/factories/cases.factory';

jest.setTimeout(180_000);

let tier: ServiceTier;
let now: number;
const daysAgo = (n: number) => utcDay(now - n * DAY_MS);
let coordinator: ReturnType<typeof principalOf>;
let triager: ReturnType<typeof principalOf>;

beforeAll(async () => {
  tier = await startServices([IntakeModule, CasesModule, ReporterModule, RetentionModule], {
    env: { REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0' },
  });
  coordinator = principalOf(await newUser(tier, [Role.COORDINATOR], { teamMember: true }));
  triager = principalOf(await newUser(tier, [Role.TRIAGER], { teamMember: true }));
});
beforeEach(() => {
  now = Date.UTC(2026, 5, 20, 12, 0, 0);
  jest.spyOn(tier.get(Clock), 'now').mockImplementation(() => now);
});
afterEach(() => jest.restoreAllMocks());
afterAll(() => tier?.close());

const exists = async (id: string) =>
  (await tier.dataSource.query<unknown[]>(`SELECT 1 FROM reports WHERE id = $1`, [id])).length === 1;

async function decided(status: 'spam' | 'no_action', ago: number) {
  const made = await newReport(tier, `postpone-${ago}`);
  await tier.dataSource.transaction((m) =>
    tier.get(ReportsService).setStatus(m, made.reportId, status, daysAgo(ago)),
  );
  return made;
}

describe('postponing a decided report alone', () => {
  it('keeps the report through the day past its policy, then the policy applies again', async () => {
    const { reportId } = await decided('spam', 30); // spam: 7 days, long due
    const until = utcDay(now + 10 * DAY_MS);
    await expect(
      tier.get(ReportHoldsService).postpone(triager, reportId, { until, reason: 'a court asked to keep it' }),
    ).resolves.toEqual({ id: reportId, retainUntil: until });
    const preview = await tier.get(RetentionService).preview();
    expect(preview.find((p) => p.kind === 'report.spam')?.postponed).toBeGreaterThanOrEqual(1);
    await tier.get(RetentionService).run();
    expect(await exists(reportId)).toBe(true);

    now += 10 * DAY_MS; // the last day it is kept
    await tier.get(RetentionService).run();
    expect(await exists(reportId)).toBe(true);
    now += DAY_MS;
    await tier.get(RetentionService).run();
    expect(await exists(reportId)).toBe(false);
  });

  it('seals the reason to the report key at its own row, audits the day only, logs nothing of it', async () => {
    const { reportId } = await decided('no_action', 100);
    const until = utcDay(now + 30 * DAY_MS);
    await tier.get(ReportHoldsService).postpone(triager, reportId, { until, reason: 'inquiry number 7741' });
    const [row] = await tier.dataSource.query<{ retain_reason: Buffer; until: string }[]>(
      `SELECT retain_reason, to_char(retain_until, 'YYYY-MM-DD') AS until FROM reports WHERE id = $1`,
      [reportId],
    );
    expect(row.until).toBe(until);
    expect(row.retain_reason.toString('latin1')).not.toContain('7741');
    const slot = await tier.get(KeysService).recoverySlot(reportId);
    const keys = openKeySlot(new Uint8Array(slot!.sealedKey), tier.recovery!, reportId);
    const opened = JSON.parse(
      openFromCaseAsString(keys, new Uint8Array(row.retain_reason), reportRetainReasonLocation(reportId)),
    );
    expect(opened).toEqual({ reason: 'inquiry number 7741', until });
    // Bound to its row: the same envelope does not open as another report's reason.
    expect(() =>
      openFromCaseAsString(
        keys,
        new Uint8Array(row.retain_reason),
        reportRetainReasonLocation('00000000-0000-4000-8000-000000000000'),
      ),
    ).toThrow();
    const [entry] = await tier.dataSource.query<{ details: string; target_type: string; actor_id: string }[]>(
      `SELECT details, target_type, actor_id FROM audit_entries
        WHERE action = 'retention.postponed' AND target_id = $1`,
      [reportId],
    );
    expect(entry.target_type).toBe('report');
    expect(entry.actor_id).toBe(triager.userId);
    expect(JSON.parse(entry.details)).toEqual({ until });
    expect(tier.logs.text).not.toContain('7741');
  });

  it('refuses days out of range, undecided reports and reports in a case; unreachable is NOT_FOUND', async () => {
    const service = tier.get(ReportHoldsService);
    const { reportId } = await decided('no_action', 5);
    for (const until of [utcDay(now), daysAgo(2), utcDay(now + 3_651 * DAY_MS)])
      await expect(service.postpone(triager, reportId, { until, reason: 'r' })).rejects.toMatchObject({
        code: 'RETENTION_POSTPONE_OUT_OF_RANGE',
      });
    const until = utcDay(now + 5 * DAY_MS);
    const waiting = await newReport(tier, 'waiting');
    await expect(service.postpone(triager, waiting.reportId, { until, reason: 'r' })).rejects.toMatchObject({
      code: 'RETENTION_REPORT_NOT_POSTPONABLE',
    });
    const inCase = await newCase(tier, { openerId: coordinator.userId });
    await expect(
      service.postpone(coordinator, inCase.reportId, { until, reason: 'r' }),
    ).rejects.toMatchObject({
      code: 'RETENTION_REPORT_NOT_POSTPONABLE',
    });
    await expect(service.postpone(coordinator, reportId, { until, reason: 'r' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Nothing half-written by any refusal.
    const rows = await tier.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reports WHERE id = ANY ($1::uuid[]) AND retain_until IS NOT NULL`,
      [[reportId, waiting.reportId, inCase.reportId]],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('the receipt of a report in a case', () => {
  async function caseEnded(status: 'closed' | 'rejected' | 'open', ago: number) {
    const { reportId, receipt } = await newReport(tier, `case-receipt-${status}-${ago}`);
    const made = { ...(await openCaseFrom(tier, reportId, coordinator.userId)), receipt };
    const workflow = tier.get(CaseWorkflowService);
    if (status !== 'open') {
      const to =
        status === 'closed'
          ? { to: 'closed' as const, outcome: 'other' as const, reason: 'ended', version: 1 }
          : { to: 'rejected' as const, reason: 'no', version: 1 };
      await workflow.transition(coordinator, made.caseId, to);
      await tier.dataSource.query(`UPDATE cases SET status_day = $2 WHERE id = $1`, [
        made.caseId,
        daysAgo(ago),
      ]);
    }
    return made;
  }
  const receiptLeft = async (reportId: string) =>
    (
      await tier.dataSource.query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM report_receipts WHERE report_id = $1)
              + (SELECT count(*) FROM key_slots WHERE key_id = $1 AND holder_type = 'reporter') AS n`,
        [reportId],
      )
    )[0].n;

  it('works while the case is worked on and for receipt.decided days after it ends, then expires alone', async () => {
    const expired = [await caseEnded('closed', 91), await caseEnded('closed', 120)];
    const kept = [await caseEnded('closed', 90), await caseEnded('open', 0)];
    const heldCase = await caseEnded('closed', 200);
    await tier.get(CaseRetentionService).setLegalHold(coordinator, heldCase.caseId, true);
    const heldReport = await caseEnded('rejected', 200);
    await tier.get(ReportHoldsService).setLegalHold(coordinator, heldReport.reportId, true);
    kept.push(heldCase, heldReport);

    const expiry = tier.get(ReceiptExpiry);
    const found = async (id: string) => (await tier.get(ReportsService).findById(id))!;
    for (const m of expired) expect(await expiry.isExpired(await found(m.reportId))).toBe(true);
    for (const m of kept) expect(await expiry.isExpired(await found(m.reportId))).toBe(false);
    // The reporter's lookup answers as for an unknown receipt before the run has deleted anything.
    await expect(
      tier.get(ReporterService).openSession('127.0.0.1', { receipt: expired[0].receipt }),
    ).rejects.toMatchObject({
      code: 'REPORTER_SESSION_FAILED',
    });
    await expect(
      tier.get(ReporterService).openSession('127.0.0.1', { receipt: kept[0].receipt }),
    ).resolves.toBeDefined();

    expect(await tier.get(RetentionService).previewReceipts()).toBeGreaterThanOrEqual(2);
    const counts = await tier.get(RetentionService).run();
    expect(counts.receiptsExpired.reports).toBeGreaterThanOrEqual(2);
    for (const m of expired) expect(Number(await receiptLeft(m.reportId))).toBe(0);
    for (const m of kept) expect(Number(await receiptLeft(m.reportId))).toBe(2);
    // The case and its report stay for their own policy (closed: 365 days).
    expect(await exists(expired[0].reportId)).toBe(true);
    // The other slots of the report key (recovery, case) stay.
    const [slots] = await tier.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM key_slots WHERE key_id = $1`,
      [expired[0].reportId],
    );
    expect(slots.n).toBeGreaterThan(0);
    expect((await tier.get(RetentionService).run()).receiptsExpired.reports).toBe(0);
  });
});
