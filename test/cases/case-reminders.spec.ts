import { Role } from '../../src/access/permissions';
import { CaseRemindersTask } from '../../src/cases/case-reminders.task';
import { newCase } from '../support/factories/cases.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { CASE_VERIFYING_STALE_DAYS: '3', CASE_STALE_DAYS: '14' } });
});
afterAll(() => t?.close());

const ageBy = (caseId: string, statusDays: number, activityDays: number, status = 'verifying') =>
  t.dataSource.query(
    `UPDATE cases SET status = $2, status_day = current_date - $3::int, activity_day = current_date - $4::int WHERE id = $1`,
    [caseId, status, statusDays, activityDays],
  );

it('counts cases stale in verifying and cases without activity, content-free, into the audit log', async () => {
  const slug = await createTriageForm(t);
  const openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await newCase(t, { slug, openerId })).caseId);
  await ageBy(ids[0], 4, 0); // verifying 4 days: a reminder
  await ageBy(ids[1], 3, 0); // verifying exactly 3 days: not yet
  await ageBy(ids[2], 20, 15, 'planning'); // no activity for 15 days
  await ageBy(ids[3], 20, 15, 'closed'); // closed: no reminder
  await ageBy(ids[4], 20, 15); // both rules
  const task = t.app.get(CaseRemindersTask);
  expect(await task.run()).toEqual({ verifyingStale: 2, stale: 2 });
  expect(await task.run()).toEqual({ verifyingStale: 2, stale: 2 }); // a re-run changes nothing
  const entries = await t.dataSource.query<{ details: unknown; target_id: string | null }[]>(
    `SELECT details, target_id FROM audit_entries WHERE action = 'case.reminders_raised'`,
  );
  expect(entries).toHaveLength(2);
  expect([JSON.parse(String(entries[0].details)), entries[0].target_id]).toEqual([
    { stale: 2, verifyingStale: 2 },
    null,
  ]);
});
