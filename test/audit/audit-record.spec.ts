import { AuditAction } from '../../src/audit/audit-action';
import { AuditEvent } from '../../src/audit/audit-event';
import { AuditErrorCode } from '../../src/audit/audit.errors';
import { AuditFixture, createAuditFixture } from './audit-fixture';

const event = (n = 1): AuditEvent => ({
  actor: { type: 'user', id: '6f1c0d5e-0000-4000-8000-00000000000a' },
  action: AuditAction.FORM_VERSION_PUBLISHED,
  targetType: 'form',
  targetId: `form-${n}`,
  details: { version: n, slug: 'default' },
});

describe('AuditService.record', () => {
  let f: AuditFixture;
  beforeAll(async () => {
    f = await createAuditFixture();
  });
  afterAll(() => f.close());

  const count = async () =>
    Number((await f.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM audit_entries'))[0].n);

  it('writes the entry in the caller’s transaction, unsealed, with canonical details', async () => {
    const before = await count();
    await f.dataSource.transaction((m) => f.services.audit.record(m, event(7)));
    expect(await count()).toBe(before + 1);
    const [row] = await f.dataSource.query<Record<string, unknown>[]>(
      'SELECT actor_type, actor_id, action, target_type, target_id, details, seq, hash FROM audit_entries ORDER BY id DESC LIMIT 1',
    );
    expect(row).toEqual({
      actor_type: 'user',
      actor_id: '6f1c0d5e-0000-4000-8000-00000000000a',
      action: 'form.version_published',
      target_type: 'form',
      target_id: 'form-7',
      details: '{"slug":"default","version":7}',
      seq: null,
      hash: null,
    });
  });

  it('leaves no entry when the action rolls back', async () => {
    const before = await count();
    await expect(
      f.dataSource.transaction(async (m) => {
        await f.services.audit.record(m, event(2));
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await count()).toBe(before);
  });

  it('refuses to record outside a transaction, so an entry can never commit apart from its action', async () => {
    const before = await count();
    await expect(f.services.audit.record(f.dataSource.manager, event())).rejects.toMatchObject({
      code: AuditErrorCode.AUDIT_NOT_IN_TRANSACTION,
    });
    expect(await count()).toBe(before);
  });

  it('rejects details outside the action’s shape, and the action with it', async () => {
    const before = await count();
    const bad: AuditEvent[] = [
      { ...event(), details: { version: 1, slug: 'default', note: 'free text' } },
      { ...event(), details: { version: 1, slug: 'x'.repeat(65) } },
      { ...event(), details: { version: 1, slug: 'Has Spaces' } },
      { ...event(), details: { version: -1, slug: 'default' } },
      { ...event(), details: { slug: 'default' } },
      { ...event(), action: 'made.up' as AuditAction },
      { ...event(), targetId: 'x'.repeat(200) },
      { ...event(), actor: { type: 'user', id: 'has space' } },
    ];
    for (const e of bad) {
      await expect(f.dataSource.transaction((m) => f.services.audit.record(m, e))).rejects.toMatchObject({
        code: AuditErrorCode.AUDIT_EVENT_INVALID,
      });
    }
    expect(await count()).toBe(before);
  });

  it('names the offending keys in the error, never a value', async () => {
    const error = (await f.dataSource
      .transaction((m) =>
        f.services.audit.record(m, {
          ...event(),
          details: { version: 1, slug: 'default', secretNote: 'canary-41f' },
        }),
      )
      .then(
        () => null,
        (e: unknown) => e,
      )) as { details: unknown; message: string } | null;
    if (!error) throw new Error('expected the record to be refused');
    expect(JSON.stringify(error.details)).toContain('secretNote');
    expect(JSON.stringify(error.details) + error.message).not.toContain('canary-41f');
  });

  it('records a standalone event in its own transaction', async () => {
    const before = await count();
    await f.services.audit.recordAlone({
      actor: { type: 'system' },
      action: AuditAction.AUTH_SIGN_IN_FAILED,
      details: { reason: 'bad_credentials' },
    });
    expect(await count()).toBe(before + 1);
  });
});
