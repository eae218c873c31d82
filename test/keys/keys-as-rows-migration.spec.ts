import { DataSource } from 'typeorm';
import { Role } from '../../src/access/permissions';
import {
  generateRecoveryKeyPair,
  initCrypto,
  KeyPair,
  openKeySlotChecked,
  openReporterSlotChecked,
  toBase64Url,
  wipe,
} from '../../src/crypto';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ReceiptService } from '../../src/intake/receipt.service';
import { ReportContentService } from '../../src/reports/report-content.service';
import { ReportMessagesService } from '../../src/reports/report-messages.service';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import {
  buildSealedSubmission,
  fetchPublicForm,
  submitPlaintext,
} from '../support/factories/reports.factory';
import { createUser } from '../support/factories/users.factory';
import { startTestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

/** Everything the key hierarchy stores, as bytes, in a shape both sides of the migration share. */
async function snapshot(ds: DataSource, shape: 'old' | 'new') {
  const keys = await ds.query<{ id: string; public_key: Buffer }[]>(
    shape === 'new'
      ? `SELECT r.id, k.public_key FROM reports r JOIN keys k ON k.id = r.key_id ORDER BY r.id`
      : `SELECT id, case_public_key AS public_key FROM reports ORDER BY id`,
  );
  const table = shape === 'new' ? 'key_slots' : 'case_key_slots';
  const column = shape === 'new' ? 'key_id' : 'case_id';
  const slots = await ds.query<Record<string, unknown>[]>(
    `SELECT id, ${column} AS key_id, holder_type, holder_id, sealed_key, created_at FROM ${table} ORDER BY id`,
  );
  const items = await ds.query<Record<string, unknown>[]>(
    `SELECT id, report_id, kind, item_key, envelope FROM report_items ORDER BY id`,
  );
  return {
    keys: keys.map((k) => ({ id: k.id, publicKey: k.public_key.toString('hex') })),
    slots: slots.map((s) => ({ ...s, sealed_key: (s.sealed_key as Buffer).toString('hex') })),
    items: items.map((i) => ({ ...i, envelope: (i.envelope as Buffer).toString('hex') })),
  };
}

describe('migration KeysAsRows (keys as rows, slots with foreign keys)', () => {
  const recovery: KeyPair = { publicKey: new Uint8Array(), privateKey: new Uint8Array() };
  const receipts: { receipt: string; marker: string }[] = [];
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let migrations: DataSource;
  let env: Record<string, string>;

  beforeAll(async () => {
    await initCrypto();
    Object.assign(recovery, generateRecoveryKeyPair());
    env = { CORRIDOR_RECOVERY_PUBLIC_KEY: toBase64Url(recovery.publicKey) };
    database = await createTestDatabase();
    // Filled through the application, as the factories do: triagers, plaintext and sealed reports,
    // a reporter message in a thread.
    const t = await startTestApp({ databaseUrl: database.url, env });
    try {
      await createUser(t, { roles: [Role.TRIAGER] });
      await createUser(t, { roles: [Role.TRIAGER] });
      await seedDefaultForm(t);
      for (let i = 0; i < 3; i++) {
        const marker = `plain${i}`;
        receipts.push({ receipt: await submitPlaintext(t, 'report', defaultFormAnswers(marker)), marker });
      }
      const form = await fetchPublicForm(t, 'report');
      for (let i = 0; i < 2; i++) {
        const marker = `sealed${i}`;
        const sealed = buildSealedSubmission(form, defaultFormAnswers(marker));
        const res = await t.post('/api/v1/intake/report/reports', sealed.body);
        expect(res.status).toBe(201);
        receipts.push({ receipt: sealed.receipt, marker });
      }
      const [first] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM reports LIMIT 1`);
      await t.dataSource.transaction((m) =>
        t.app.get(ReportMessagesService).addReporterMessage(m, first.id, 'a message before the migration'),
      );
    } finally {
      await t.close();
    }
    migrations = new DataSource(buildDataSourceOptions({ database: { url: database.url } as never }, 'test'));
    await migrations.initialize();
    // Reports are sealed to the triage team key now; the shape before KeysAsRows had no team keys,
    // so they go (their slots with them) and what the migration moved stays: recovery and reporter.
    await migrations.query(`DELETE FROM team_keys`);
    await migrations.query(`DELETE FROM keys WHERE kind = 'team'`);
  });
  afterAll(async () => {
    await migrations?.destroy();
    await database?.drop();
  });

  /** Every report opens through its recovery slot and its reporter slot, to its stored key. */
  async function expectEveryReportOpens(): Promise<void> {
    const t = await startTestApp({ databaseUrl: database.url, env });
    try {
      const slots = await t.dataSource.query<
        { key_id: string; holder_type: string; sealed_key: Buffer; public_key: Buffer }[]
      >(
        `SELECT s.key_id, s.holder_type, s.sealed_key, k.public_key
           FROM key_slots s JOIN keys k ON k.id = s.key_id JOIN reports r ON r.key_id = k.id
          WHERE s.holder_type IN ('recovery', 'reporter')`,
      );
      expect(slots.filter((s) => s.holder_type === 'recovery')).toHaveLength(receipts.length);
      expect(slots.filter((s) => s.holder_type === 'reporter')).toHaveLength(receipts.length);
      const content = t.app.get(ReportContentService);
      const receiptService = t.app.get(ReceiptService);
      for (const { receipt, marker } of receipts) {
        const secrets = (await receiptService.secretsOf(receipt))!;
        const [{ report_id: reportId }] = await t.dataSource.query<{ report_id: string }[]>(
          `SELECT report_id FROM report_receipts WHERE lookup_id = $1`,
          [secrets.lookupId],
        );
        const slotOf = (holder: string) =>
          slots.find((s) => s.key_id === reportId && s.holder_type === holder)!;
        const publicKey = new Uint8Array(slotOf('recovery').public_key);
        const throughRecovery = openKeySlotChecked(
          new Uint8Array(slotOf('recovery').sealed_key),
          recovery,
          reportId,
          publicKey,
        );
        const throughReporter = openReporterSlotChecked(
          new Uint8Array(slotOf('reporter').sealed_key),
          secrets.slotKey,
          reportId,
          publicKey,
        );
        try {
          for (const keys of [throughRecovery, throughReporter]) {
            const report = await content.readAnswers({ type: 'system' }, reportId, keys);
            expect(report.unreadable).toEqual([]);
            expect(report.answers.what_happened).toBe(`They took my brother from the market ${marker}`);
          }
        } finally {
          wipe(throughRecovery.privateKey, throughReporter.privateKey, secrets.slotKey);
        }
      }
      // …and the reporter's session (the HTTP path) still reads the thread written before.
      const session = await t.post<{ token: string }>('/api/v1/reporter/session', {
        receipt: receipts[0].receipt,
      });
      expect(session.status).toBe(201);
      const view = await t.get<{ messages: { text: string | null }[] }>('/api/v1/reporter/report', {
        token: session.body.token,
      });
      expect(view.status).toBe(200);
    } finally {
      await t.close();
    }
  }

  /** Reverts the migrations that came after KeysAsRows, so that the next undo is KeysAsRows's. */
  async function undoLaterMigrations(): Promise<void> {
    for (;;) {
      const [last] = await migrations.query<{ name: string }[]>(
        `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
      );
      if (last.name === 'KeysAsRows1795320000000') return;
      await migrations.undoLastMigration({ transaction: 'each' });
    }
  }

  it('moves every public key and slot byte for byte, opens every report, and round-trips down/up', async () => {
    const filled = await snapshot(migrations, 'new');
    expect(filled.keys).toHaveLength(receipts.length);
    expect(filled.slots).toHaveLength(receipts.length * 2); // recovery, reporter

    await undoLaterMigrations();
    await migrations.undoLastMigration({ transaction: 'each' });
    expect(await snapshot(migrations, 'old')).toEqual(filled);

    expect((await migrations.runMigrations({ transaction: 'each' })).map((m) => m.name)[0]).toEqual(
      'KeysAsRows1795320000000',
    );
    expect(await snapshot(migrations, 'new')).toEqual(filled);
    const [{ kinds }] = await migrations.query<{ kinds: string[] }[]>(
      `SELECT array_agg(DISTINCT kind) AS kinds FROM keys`,
    );
    expect(kinds).toEqual(['report']);
    await expectEveryReportOpens();

    await undoLaterMigrations();
    await migrations.undoLastMigration({ transaction: 'each' });
    expect(await snapshot(migrations, 'old')).toEqual(filled);
    await migrations.runMigrations({ transaction: 'each' });
    expect(await snapshot(migrations, 'new')).toEqual(filled);
  });

  it('deleting a key deletes its slots, and down() refuses what the old shape cannot hold', async () => {
    const [{ id }] = await migrations.query<{ id: string }[]>(`SELECT id FROM reports LIMIT 1`);
    await migrations.query(`INSERT INTO keys (id, kind, public_key) VALUES (gen_random_uuid(), 'case', $1)`, [
      Buffer.alloc(32, 7),
    ]);
    await undoLaterMigrations();
    await expect(migrations.undoLastMigration({ transaction: 'each' })).rejects.toThrow(
      /old shape cannot hold/,
    );
    await migrations.query(`DELETE FROM keys WHERE kind = 'case'`);
    const before = await migrations.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM key_slots WHERE key_id = $1`,
      [id],
    );
    expect(before[0].n).toBe(2);
    await migrations.query(`DELETE FROM report_receipts WHERE report_id = $1`, [id]);
    await migrations.query(`DELETE FROM report_items WHERE report_id = $1`, [id]);
    await migrations.query(`DELETE FROM reports WHERE id = $1`, [id]);
    await migrations.query(`DELETE FROM keys WHERE id = $1`, [id]);
    const after = await migrations.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM key_slots WHERE key_id = $1`,
      [id],
    );
    expect(after[0].n).toBe(0);
  });
});
