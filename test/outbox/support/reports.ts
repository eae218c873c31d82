import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { QueueName } from '../../../src/queue/queue-names';
import { TRIAGE_JOB_NAME } from '../../../src/outbox/outbox-reconciler';

/**
 * Rows as intake writes them (a report and its outbox row, in one transaction), made directly in
 * SQL so that the outbox tests do not depend on the intake route's answers and crypto. Content is
 * irrelevant here: the relay and the reconciler only see ids.
 */
export async function ensureTestForm(ds: DataSource): Promise<{ formId: string; version: number }> {
  const existing: { id: string }[] = await ds.query(`SELECT id FROM forms WHERE slug = 'outbox-test'`);
  if (existing.length) return { formId: existing[0].id, version: 1 };
  const [form]: { id: string }[] = await ds.query(
    `INSERT INTO forms (slug, current_version) VALUES ('outbox-test', 1) RETURNING id`,
  );
  await ds.query(`INSERT INTO form_versions (form_id, version, definition) VALUES ($1, 1, '{}')`, [form.id]);
  return { formId: form.id, version: 1 };
}

export async function insertReport(
  ds: DataSource,
  options: { receivedSecondsAgo?: number; withOutbox?: boolean } = {},
): Promise<string> {
  const { formId, version } = await ensureTestForm(ds);
  const id = randomUUID();
  await ds.transaction(async (m) => {
    await m.query(`INSERT INTO keys (id, kind, public_key) VALUES ($1, 'report', $2)`, [id, randomBytes(32)]);
    await m.query(
      `INSERT INTO reports (id, form_id, form_version, channel, key_id, received_at)
       VALUES ($1, $2, $3, 'web', $1, now() - make_interval(secs => $4))`,
      [id, formId, version, options.receivedSecondsAgo ?? 0],
    );
    if (options.withOutbox ?? true)
      await m.query(`INSERT INTO outbox (queue, job_name, entity_id) VALUES ($1, $2, $3)`, [
        QueueName.TRIAGE,
        TRIAGE_JOB_NAME,
        id,
      ]);
  });
  return id;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function countRows(ds: DataSource, table: string): Promise<number> {
  const [row]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}
