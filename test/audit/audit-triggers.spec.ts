import { AuditFixture, createAuditFixture } from './audit-fixture';
import { seedEntries } from './audit-seed';

/** The append-only rules hold for any role that cannot switch triggers off. */
describe('audit tables are append-only in the database', () => {
  let f: AuditFixture;
  beforeAll(async () => {
    f = await createAuditFixture();
    await seedEntries(f.dataSource, f.services.audit, 3);
    await f.services.sealer.sealPending();
    await seedEntries(f.dataSource, f.services.audit, 1, 3); // one left unsealed
  });
  afterAll(() => f.close());

  const refused = (sql: string, params: unknown[] = []) =>
    expect(f.dataSource.query(sql, params)).rejects.toThrow(/append-only|inserted unsealed/);

  it.each([
    ['UPDATE of a sealed entry', `UPDATE audit_entries SET target_id = 'x' WHERE seq = 1`],
    ['re-sealing a sealed entry', `UPDATE audit_entries SET hash = '\\x${'00'.repeat(32)}' WHERE seq = 2`],
    ['UPDATE of content of an unsealed entry', `UPDATE audit_entries SET details = '{}' WHERE seq IS NULL`],
    [
      'sealing that also changes content',
      `UPDATE audit_entries SET seq = 99, prev_hash = '\\x${'00'.repeat(32)}', hash = '\\x${'00'.repeat(32)}', action = 'x' WHERE seq IS NULL`,
    ],
    ['DELETE of an entry', `DELETE FROM audit_entries WHERE seq = 3`],
    ['DELETE of an unsealed entry', `DELETE FROM audit_entries WHERE seq IS NULL`],
    ['TRUNCATE of the entries', `TRUNCATE audit_entries`],
    ['UPDATE of a checkpoint', `UPDATE audit_checkpoints SET seq = seq`],
    ['DELETE of a checkpoint', `DELETE FROM audit_checkpoints`],
    ['TRUNCATE of the checkpoints', `TRUNCATE audit_checkpoints`],
    [
      'INSERT of an entry already sealed',
      `INSERT INTO audit_entries (actor_type, action, details, seq, prev_hash, hash)
       VALUES ('system', 'audit.verified', '{}', 50, '\\x${'00'.repeat(32)}', '\\x${'00'.repeat(32)}')`,
    ],
  ])('refuses %s', async (_name, sql) => {
    await refused(sql);
  });

  it('still has every entry and checkpoint after the refused attempts', async () => {
    const [row] = await f.dataSource.query<{ n: string; c: string }[]>(
      `SELECT (SELECT count(*) FROM audit_entries) AS n, (SELECT count(*) FROM audit_checkpoints) AS c`,
    );
    expect(row).toEqual({ n: '4', c: '1' });
    expect(await f.services.verifier.verify()).toMatchObject({ ok: true, entries: 3, unsealed: 1 });
  });

  it('refuses a back-dated or future-dated entry: occurred_at is the database clock', async () => {
    for (const at of [`now() - interval '1 hour'`, `now() + interval '1 hour'`]) {
      await refused(
        `INSERT INTO audit_entries (occurred_at, actor_type, action, details) VALUES (${at}, 'system', 'audit.verified', '{}')`,
      );
    }
  });

  it('allows exactly the sealing update', async () => {
    expect(await f.services.sealer.sealPending()).toBe(1);
    expect(await f.services.verifier.verify()).toMatchObject({ ok: true, entries: 4, unsealed: 0 });
  });
});
