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
});
