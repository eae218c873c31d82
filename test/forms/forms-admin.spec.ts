import { Role } from '../../src/access/permissions';
import { defaultReportFormDefinition } from '../../src/forms/default-report-form';
import { ALL_ROLES, signedInUserPerRole, TestUser } from '../support/factories/users.factory';
import { seedDefaultForm, smallDefinition } from '../support/factories/forms.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('form administration', () => {
  let t: TestApp;
  let users: Record<Role, TestUser & { token: string }>;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDefaultForm(t);
    users = await signedInUserPerRole(t);
    admin = users[Role.ADMIN].token;
  });
  afterAll(() => t.close());

  const auditCount = async (action: string) =>
    Number(
      (await t.dataSource.query(`SELECT count(*) AS n FROM audit_entries WHERE action = $1`, [action]))[0].n,
    );

  describe('authorisation matrix', () => {
    const routes: [string, string, (i: number) => unknown][] = [
      ['POST', '/api/v1/forms', (i) => ({ slug: `matrix-${i}`, definition: smallDefinition() })],
      ['PUT', '/api/v1/forms/report', () => ({ definition: defaultReportFormDefinition() })],
      ['GET', '/api/v1/forms', () => undefined],
      ['GET', '/api/v1/forms/report', () => undefined],
    ];
    let n = 0;
    for (const [method, path, body] of routes) {
      it(`${method} ${path}: admin only; 401 without a session`, async () => {
        for (const role of ALL_ROLES) {
          const res = await t.request(method, path, { token: users[role].token, body: body(++n) });
          if (role === Role.ADMIN) expect(res.status).toBeLessThan(300);
          else expect({ role, status: res.status }).toEqual({ role, status: 403 });
        }
        const anonymous = await t.request(method, path, { body: body(++n) });
        expect(anonymous.status).toBe(401);
      });
    }

    it('a form that does not exist is 404 for the admin', async () => {
      expect((await t.get('/api/v1/forms/nope', { token: admin })).status).toBe(404);
      const put = await t.request('PUT', '/api/v1/forms/nope', {
        token: admin,
        body: { definition: smallDefinition() },
      });
      expect(put.status).toBe(404);
      expect((put.body as { error: { code: string } }).error.code).toBe('FORM_NOT_FOUND');
      expect((await t.get('/api/v1/forms/NOT_A_SLUG', { token: admin })).status).toBe(404);
    });
  });

  it('creates a form (audited), refuses a taken slug and an invalid definition', async () => {
    const before = await auditCount('form.created');
    const res = await t.post<{ slug: string; currentVersion: number }>(
      '/api/v1/forms',
      { slug: 'partner-form', definition: smallDefinition() },
      { token: admin },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ slug: 'partner-form', currentVersion: 1, status: 'open' });
    expect(await auditCount('form.created')).toBe(before + 1);

    const again = await t.post<{ error: { code: string } }>(
      '/api/v1/forms',
      { slug: 'partner-form', definition: smallDefinition() },
      { token: admin },
    );
    expect([again.status, again.body.error.code]).toEqual([409, 'FORM_SLUG_TAKEN']);

    const bad = smallDefinition();
    bad.fields[0].classification = 'statistical';
    const invalid = await t.post<{ error: { code: string; details: { issues: { path: string }[] } } }>(
      '/api/v1/forms',
      { slug: 'bad-form', definition: bad },
      { token: admin },
    );
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'FORM_INVALID_DEFINITION']);
    expect(invalid.body.error.details.issues[0].path).toBe('fields.0.classification');
    expect(await auditCount('form.created')).toBe(before + 1);
  });

  it('editing publishes a new version; a report keeps the version it was made with', async () => {
    await t.post('/api/v1/forms', { slug: 'versioned', definition: smallDefinition() }, { token: admin });
    const receiptV1 = await t.post('/api/v1/intake/versioned/reports', { answers: { story: 'v1 story' } });
    expect(receiptV1.status).toBe(201);

    const v2 = smallDefinition();
    v2.fields[1].choices!.push({ value: 'east', label: { en: 'East', ru: 'Восток' } });
    const before = await auditCount('form.version_published');
    const put = await t.request<{ currentVersion: number; versions: { version: number }[] }>(
      'PUT',
      '/api/v1/forms/versioned',
      {
        token: admin,
        body: { definition: v2 },
      },
    );
    expect(put.status).toBe(200);
    expect(put.body.currentVersion).toBe(2);
    expect(put.body.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(await auditCount('form.version_published')).toBe(before + 1);

    const receiptV2 = await t.post('/api/v1/intake/versioned/reports', {
      answers: { story: 'v2', region: 'east' },
    });
    expect(receiptV2.status).toBe(201);
    const versions = await t.dataSource.query(
      `SELECT r.form_version AS v FROM reports r JOIN forms f ON f.id = r.form_id WHERE f.slug = 'versioned' ORDER BY v`,
    );
    expect(versions.map((r: { v: number }) => r.v)).toEqual([1, 2]);

    const list = await t.get<{ slug: string; currentVersion: number }[]>('/api/v1/forms', { token: admin });
    expect(list.body.find((f) => f.slug === 'versioned')?.currentVersion).toBe(2);
  });

  it('closing a form stops intake with its own code', async () => {
    await t.post('/api/v1/forms', { slug: 'closing', definition: smallDefinition() }, { token: admin });
    const put = await t.request('PUT', '/api/v1/forms/closing', {
      token: admin,
      body: { status: 'closed', definition: smallDefinition() },
    });
    expect(put.status).toBe(200);
    const res = await t.post<{ error: { code: string } }>('/api/v1/intake/closing/reports', {
      answers: { story: 'x' },
    });
    expect([res.status, res.body.error.code]).toEqual([410, 'INTAKE_FORM_CLOSED']);
    expect((await t.get('/api/v1/forms/closing/public')).status).toBe(410);
  });
});
