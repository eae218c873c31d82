import { Clock, utcDay } from '../../src/access/clock';
import { Role } from '../../src/access/permissions';
import { AuditSealer } from '../../src/audit/audit-sealer';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { CaseRetentionService } from '../../src/cases/case-retention.service';
import { CaseWorkflowService } from '../../src/cases/case-workflow.service';
import { CasesModule } from '../../src/cases/cases.module';
import { IntakeModule } from '../../src/intake/intake.module';
import { KeysService } from '../../src/keys/keys.service';
import { DEFAULT_FORM_SLUG } from '../../src/forms/default-report-form';
import { FormRetentionService } from '../../src/retention/form-retention.service';
import { ReportHoldsService } from '../../src/retention/report-holds.service';
import { DAY_MS } from '../../src/retention/retention-policy';
import { RetentionModule } from '../../src/retention/retention.module';
import { RetentionService } from '../../src/retention/retention.service';
import { newCase, newForm, newUser, principalOf } from '../support/factories/service-tier.factory';
import { startServices, type ServiceTier } from '../support/service-tier';
import { rowsNaming } from './support/rows-naming';

jest.setTimeout(180_000);

let tier: ServiceTier;
const NOW = Date.UTC(2026, 5, 20, 12, 0, 0);
const today = utcDay(NOW);
const daysAgo = (n: number) => utcDay(NOW - n * DAY_MS);
let coordinator: ReturnType<typeof principalOf>;
let triager: ReturnType<typeof principalOf>;

beforeAll(async () => {
  tier = await startServices([IntakeModule, CasesModule, RetentionModule]);
  jest.spyOn(tier.get(Clock), 'now').mockReturnValue(NOW);
  coordinator = principalOf(await newUser(tier, [Role.COORDINATOR], { teamMember: true }));
  triager = principalOf(await newUser(tier, [Role.TRIAGER], { teamMember: true }));
  await newForm(tier, { default: true });
  // The default form keeps rejected cases 120 days instead of 90.
  const admin = principalOf(await newUser(tier, [Role.ADMIN]));
  await tier.get(FormRetentionService).set(admin, DEFAULT_FORM_SLUG, { days: { 'case.rejected': 120 } });
});
afterAll(() => tier?.close());

interface Made {
  caseId: string;
  reportId: string;
}

/**
 * A case with content in every table of the cases feature (note, milestone, needs, history),
 * moved to `status` and dated `ago` days before NOW (status_day is the database's day: set here).
 */
async function finished(status: 'closed' | 'rejected' | 'verifying', ago: number): Promise<Made> {
  const made = await newCase(tier, { openerId: coordinator.userId });
  const workflow = tier.get(CaseWorkflowService);
  await workflow.addNote(coordinator, made.caseId, 'a note that must go');
  await workflow.addMilestone(coordinator, made.caseId, { milestone: 'left_region', month: '2025-01' });
  const state = await workflow.update(coordinator, made.caseId, {
    version: 1,
    needs: ['shelter'],
    risks: ['health'],
  });
  if (status === 'rejected')
    await workflow.transition(coordinator, made.caseId, {
      to: 'rejected',
      reason: 'no',
      version: state.version,
    });
  if (status === 'closed')
    await workflow.transition(coordinator, made.caseId, {
      to: 'closed',
      outcome: 'other',
      reason: 'ended',
      version: state.version,
    });
  await tier.dataSource.query(`UPDATE cases SET status_day = $2 WHERE id = $1`, [made.caseId, daysAgo(ago)]);
  return made;
}

describe('retention of cases', () => {
  let due: Made[];
  let kept: Made[];

  beforeAll(async () => {
    const postponedOver = await finished('closed', 400);
    await tier.dataSource.query(`UPDATE cases SET retain_until = $2, retain_reason = '\\x00' WHERE id = $1`, [
      postponedOver.caseId,
      daysAgo(1),
    ]);
    due = [await finished('closed', 366), await finished('rejected', 121), postponedOver];
    const held = await finished('closed', 500);
    await tier.get(CaseRetentionService).setLegalHold(coordinator, held.caseId, true);
    const postponed = await finished('closed', 500);
    await tier.get(CaseRetentionService).postpone(coordinator, postponed.caseId, {
      until: utcDay(NOW + 10 * DAY_MS),
      reason: 'an inquiry asked',
    });
    const reportHeld = await finished('closed', 500);
    await tier.get(ReportHoldsService).setLegalHold(triager, reportHeld.reportId, true);
    kept = [
      await finished('closed', 365), // closed 365 days ago on the day: maybe less than 365 × 24 h
      await finished('rejected', 91), // past the default 90, inside the form's 120
      await finished('verifying', 1000), // open: never
      held,
      postponed,
      reportHeld,
      await finished('closed', 361), // due in 5 days: a reminder
    ];
  });

  it('a dry run counts per kind with why the others stay, and deletes nothing', async () => {
    const preview = await tier.get(RetentionService).preview();
    expect(preview.filter((p) => p.kind.startsWith('case.'))).toEqual([
      { kind: 'case.closed', days: 365, due: 2, held: 2, postponed: 1, inside: 2 },
      { kind: 'case.rejected', days: 90, due: 1, held: 0, postponed: 0, inside: 1 },
    ]);
    expect(
      await rowsNaming(
        tier.dataSource,
        due.map((d) => d.caseId),
      ),
    ).not.toEqual([]);
  });

  it('deletes exactly the due cases through every owner, leaves no row of them, audits counts only', async () => {
    const dueIds = due.flatMap((d) => [d.caseId, d.reportId]);
    const before = await rowsNaming(tier.dataSource, dueIds);
    for (const table of [
      'case_history',
      'case_entries',
      'case_milestones',
      'case_needs',
      'case_risks',
      'key_slots',
    ])
      expect(before.join()).toContain(table);

    const counts = (await tier.get(RetentionService).run()).cases;
    expect(counts).toMatchObject({ closed: 2, rejected: 1, cases: 3, reports: 3, keys: 6 });
    expect(counts.history).toBeGreaterThanOrEqual(6); // opening and finishing, per case
    expect(counts.entries).toBeGreaterThanOrEqual(3);
    expect(counts.milestones).toBe(3);
    expect(counts.slots).toBeGreaterThanOrEqual(9);

    expect(await rowsNaming(tier.dataSource, dueIds)).toEqual([]);
    const left = await tier.dataSource.query<{ id: string }[]>(
      `SELECT id FROM cases WHERE id = ANY ($1::uuid[])`,
      [kept.map((k) => k.caseId)],
    );
    expect(left).toHaveLength(kept.length);
    for (const k of kept) expect(await tier.get(KeysService).recoverySlot(k.reportId)).not.toBeNull();

    const entries = await tier.dataSource.query<{ target_id: string | null; details: string }[]>(
      `SELECT target_id, details FROM audit_entries WHERE action = 'retention.deleted'`,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0].target_id).toBeNull();
    const details = JSON.parse(entries[0].details) as Record<string, unknown>;
    expect(details).toEqual(counts);
    for (const value of Object.values(details)) expect(typeof value).toBe('number');
    await tier.get(AuditSealer).sealPending();
    expect(await tier.get(AuditVerifier).verify()).toMatchObject({ ok: true });

    // A second run deletes nothing more.
    expect((await tier.get(RetentionService).run()).cases.cases).toBe(0);
  });

  it('raises a content-free reminder of what the next days will delete', async () => {
    const rows = await tier.dataSource.query<{ details: string; target_id: string | null }[]>(
      `SELECT details, target_id FROM audit_entries WHERE action = 'retention.reminders_raised' ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0].target_id).toBeNull();
    expect(JSON.parse(rows[0].details)).toEqual({ cases: 2, reports: 0, withinDays: 7 }); // closed 365 and 361 days ago
  });

  it('a lifted hold lets the policy apply again', async () => {
    const [, , , held] = kept;
    await tier.get(CaseRetentionService).setLegalHold(coordinator, held.caseId, false);
    expect((await tier.get(RetentionService).run()).cases.cases).toBe(1);
    expect(await rowsNaming(tier.dataSource, [held.caseId])).toEqual([]);
  });
});

describe('postponing a case', () => {
  it('keeps the day, seals the reason, audits the day only, and bounds the day', async () => {
    const made = await finished('closed', 10);
    const service = tier.get(CaseRetentionService);
    for (const until of [today, daysAgo(3), utcDay(NOW + 3_651 * DAY_MS)])
      await expect(service.postpone(coordinator, made.caseId, { until, reason: 'r' })).rejects.toMatchObject({
        code: 'CASE_POSTPONE_OUT_OF_RANGE',
      });
    const until = utcDay(NOW + 30 * DAY_MS);
    await expect(
      service.postpone(coordinator, made.caseId, { until, reason: 'a court asked us to keep it' }),
    ).resolves.toEqual({ id: made.caseId, legalHold: false, retainUntil: until });
    const [row] = await tier.dataSource.query<{ retain_reason: Buffer }[]>(
      `SELECT retain_reason FROM cases WHERE id = $1`,
      [made.caseId],
    );
    expect(row.retain_reason.toString('latin1')).not.toContain('court');
    const [entry] = await tier.dataSource.query<{ details: string; target_id: string }[]>(
      `SELECT details, target_id FROM audit_entries WHERE action = 'retention.postponed' AND target_id = $1`,
      [made.caseId],
    );
    expect(JSON.parse(entry.details)).toEqual({ until });
  });

  it('a case the caller cannot read is NOT_FOUND, like a missing one', async () => {
    const made = await finished('closed', 10);
    const outsider = principalOf(await newUser(tier, [Role.COORDINATOR], { teamMember: false }));
    const service = tier.get(CaseRetentionService);
    const until = utcDay(NOW + 30 * DAY_MS);
    await expect(service.postpone(outsider, made.caseId, { until, reason: 'r' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(service.setLegalHold(outsider, made.caseId, true)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      tier.get(ReportHoldsService).setLegalHold(outsider, made.reportId, true),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
