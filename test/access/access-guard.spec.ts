import { Role } from '../../src/access/permissions';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { ProbeModule } from '../support/probe.module';

describe('the global access guard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [ProbeModule] });
  });
  afterAll(() => t.close());

  it('denies a route that declares neither @Public nor a permission, with or without credentials', async () => {
    for (const token of [undefined, 'some-token']) {
      const res = await t.get<{ error: { code: string } }>('/api/v1/probe/undeclared', { token });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(res.text).not.toContain('reached');
    }
  });

  it('opens a @Public route to anyone', async () => {
    const res = await t.get('/api/v1/probe/public');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reached: true });
  });

  it('asks for a session on a permission route', async () => {
    const res = await t.get<{ error: { code: string } }>('/api/v1/probe/audit-only', {
      token: 'not-a-session',
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('asks for every permission a route declares, not any one of them', async () => {
    const auditor = await createSignedInUser(t, { roles: [Role.AUDITOR] });
    const analyst = await createSignedInUser(t, { roles: [Role.ANALYST] });
    const both = await createSignedInUser(t, { roles: [Role.AUDITOR, Role.ANALYST] });
    for (const one of [auditor, analyst]) {
      const res = await t.get<{ error: { code: string } }>('/api/v1/probe/audit-and-stats', {
        token: one.token,
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const res = await t.get('/api/v1/probe/audit-and-stats', { token: both.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reached: true });
  });

  it('denies a route whose declaration names no permission, even to a signed-in admin', async () => {
    const admin = await createSignedInUser(t, { roles: [Role.ADMIN] });
    for (const token of [undefined, admin.token]) {
      const res = await t.get<{ error: { code: string } }>('/api/v1/probe/empty-declaration', { token });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(res.text).not.toContain('reached');
    }
  });

  it('hands the handler the principal it established, and none on a public route', async () => {
    const caseworker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const mine = await t.get('/api/v1/probe/whoami', { token: caseworker.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ userId: caseworker.id });

    const open = await t.get<{ error: { code: string } }>('/api/v1/probe/public-whoami', {
      token: caseworker.token,
    });
    expect(open.status).toBe(401);
    expect(open.body.error.code).toBe('UNAUTHENTICATED');
  });
});
