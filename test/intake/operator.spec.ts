import { Role } from '../../src/access/permissions';
import { ALL_ROLES, signedInUserPerRole, TestUser } from '../support/factories/users.factory';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { intakeRowCounts, latestReportId, principalOf, readAsTriager } from './support';

describe('POST /operator/reports', () => {
  let t: TestApp;
  let users: Record<Role, TestUser & { token: string }>;
  const url = '/api/v1/operator/reports';

  beforeAll(async () => {
    t = await startTestApp();
    await seedDefaultForm(t);
    users = await signedInUserPerRole(t);
  });
  afterAll(() => t.close());

  it('authorisation matrix: operators only; 401 without a session; nothing stored when refused', async () => {
    const before = await intakeRowCounts(t);
    for (const role of ALL_ROLES.filter((r) => r !== Role.OPERATOR)) {
      const res = await t.post(url, { answers: defaultFormAnswers() }, { token: users[role].token });
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
    expect((await t.post(url, { answers: defaultFormAnswers() })).status).toBe(401);
    expect(await intakeRowCounts(t)).toEqual(before);
  });

  it('an operator types up a call: channel phone, audited as the operator, a receipt for the caller', async () => {
    const operator = users[Role.OPERATOR];
    const res = await t.post<{ receipt: string }>(
      url,
      { answers: defaultFormAnswers('call') },
      { token: operator.token },
    );
    expect(res.status).toBe(201);
    expect(res.body.receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const reportId = await latestReportId(t);
    const [row] = await t.dataSource.query(`SELECT channel FROM reports WHERE id = $1`, [reportId]);
    expect(row.channel).toBe('phone');
    const [audit] = await t.dataSource.query(
      `SELECT actor_type, actor_id, target_id, details FROM audit_entries WHERE action = 'report.submitted' AND actor_id = $1`,
      [operator.id],
    );
    // The operator is named; the report is not (the entry's time is about the call's).
    expect(audit).toMatchObject({ actor_type: 'user', actor_id: operator.id, target_id: null });
    expect(JSON.parse(audit.details)).toEqual({
      channel: 'phone',
      clientEncrypted: false,
      formSlug: 'report',
      formVersion: 1,
    });

    // The operator cannot read what they typed (no key slot); a triager can.
    const triager = await principalOf(t, users[Role.TRIAGER].token);
    expect((await readAsTriager(t, triager, reportId)).answers.what_happened).toContain('call');
    await expect(readAsTriager(t, await principalOf(t, operator.token), reportId)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('operator errors keep their codes (invalid answers, unknown form)', async () => {
    const token = users[Role.OPERATOR].token;
    const invalid = await t.post<{ error: { code: string } }>(
      url,
      { answers: { region: 'mars' } },
      { token },
    );
    expect(invalid.body.error.code).toBe('INTAKE_INVALID_ANSWERS');
    const unknown = await t.post<{ error: { code: string } }>(url, { form: 'nope', answers: {} }, { token });
    expect(unknown.body.error.code).toBe('INTAKE_FORM_NOT_FOUND');
  });
});
