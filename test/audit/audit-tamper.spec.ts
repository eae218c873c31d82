import { canonicalEntry, chainHash } from '../../src/audit/audit-canonical';
import { AuditFixture, asSuperuser, createAuditFixture } from './audit-fixture';
import { seedEntries } from './audit-seed';

/*
 * Each test builds a sealed log of 20 entries with a signed checkpoint every 5, then tampers with
 * it as a database superuser would (triggers off) and expects verification to name the first bad
 * sequence number. Each test gets its own database so that the tampering cannot leak.
 */
describe('audit verification detects tampering', () => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await createAuditFixture({
      AUDIT_CHECKPOINT_EVERY_ENTRIES: '5',
      AUDIT_CHECKPOINT_EVERY_SECONDS: '3600',
    });
    await seedEntries(f.dataSource, f.services.audit, 20);
    // Seal in small batches so that checkpoints land on 5, 10, 15, 20 (the first at the first batch).
    for (let i = 0; i < 4; i++) await f.services.sealer.sealBatch({ wait: true, batchSize: 5 });
  });
  afterEach(() => f.close());

  const verify = () => f.services.verifier.verify();
  const rowAt = async (seq: number) => (await f.services.entries.sealedAfter(seq - 1, 1))[0];

  it('accepts the untouched log', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, entries: 20, checkpoints: 4, unsealed: 0 });
    expect(result.lastCheckpoint?.seq).toBe(20);
    expect(result.firstBadSeq).toBeUndefined();
  });

  it('a modified entry', async () => {
    await asSuperuser(f.dataSource, `UPDATE audit_entries SET target_id = 'report-other' WHERE seq = 7`);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 7, problem: 'hash_mismatch' });
  });

  it('a modified entry whose hash was recomputed', async () => {
    const e = await rowAt(7);
    const forged = Buffer.from(chainHash(e.prevHash!, { ...e, seq: 7, details: '{"purpose":"export"}' }));
    await asSuperuser(
      f.dataSource,
      `UPDATE audit_entries SET details = '{"purpose":"export"}', hash = $1 WHERE seq = 7`,
      [forged],
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 8, problem: 'prev_hash_mismatch' });
  });

  it('a rewritten chain (every hash recomputed) is caught by the signed checkpoint', async () => {
    // The attacker edits seq 7 and re-chains 7..20 consistently; only the checkpoint at 10 disagrees.
    await asSuperuser(
      f.dataSource,
      `UPDATE audit_entries SET details = '{"purpose":"export"}' WHERE seq = 7`,
    );
    let prev = (await rowAt(6)).hash!;
    for (let seq = 7; seq <= 20; seq++) {
      const e = await rowAt(seq);
      const hash = Buffer.from(chainHash(prev, { ...e, seq }));
      await asSuperuser(f.dataSource, `UPDATE audit_entries SET prev_hash = $1, hash = $2 WHERE seq = $3`, [
        prev,
        hash,
        seq,
      ]);
      prev = hash;
    }
    // The earliest entry that may have changed: the one after the last checkpoint that still matches (5).
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'checkpoint_mismatch' });
  });

  it('a deleted entry', async () => {
    await asSuperuser(f.dataSource, `DELETE FROM audit_entries WHERE seq = 12`);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 12, problem: 'missing_entry' });
  });

  it('an inserted entry (later entries renumbered, the forgery chained to its predecessor)', async () => {
    await asSuperuser(f.dataSource, `UPDATE audit_entries SET seq = seq + 1000 WHERE seq >= 9`);
    await asSuperuser(f.dataSource, `UPDATE audit_entries SET seq = seq - 999 WHERE seq >= 1009`);
    const before = await rowAt(8);
    const fake = {
      seq: 9,
      occurredAt: before.occurredAt,
      actorType: 'system',
      actorId: null,
      action: 'retention.deleted',
      targetType: null,
      targetId: null,
      details: '{"reports":1}',
    };
    const hash = Buffer.from(chainHash(before.hash!, fake));
    await asSuperuser(
      f.dataSource,
      `INSERT INTO audit_entries (occurred_at, actor_type, actor_id, action, target_type, target_id, details, seq, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [fake.occurredAt, fake.actorType, null, fake.action, null, null, fake.details, 9, before.hash, hash],
    );
    // The forgery itself links correctly to seq 8; the break shows at the entry it displaced.
    expect(canonicalEntry(fake)).toContain('retention.deleted');
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 10, problem: 'prev_hash_mismatch' });
  });

  it('an inserted entry with a made-up hash', async () => {
    await asSuperuser(f.dataSource, `UPDATE audit_entries SET seq = seq + 1000 WHERE seq >= 9`);
    await asSuperuser(f.dataSource, `UPDATE audit_entries SET seq = seq - 999 WHERE seq >= 1009`);
    await asSuperuser(
      f.dataSource,
      `INSERT INTO audit_entries (actor_type, action, details, seq, prev_hash, hash)
       VALUES ('system', 'retention.deleted', '{}', 9, $1, $1)`,
      [Buffer.alloc(32, 7)],
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 9 });
  });

  it('reordered entries', async () => {
    await asSuperuser(f.dataSource, `UPDATE audit_entries SET seq = 1000 WHERE seq = 14`);
    await asSuperuser(f.dataSource, `UPDATE audit_entries SET seq = 14 WHERE seq = 15`);
    await asSuperuser(f.dataSource, `UPDATE audit_entries SET seq = 15 WHERE seq = 1000`);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 14, problem: 'prev_hash_mismatch' });
  });

  it('a truncated tail, through the last checkpoint', async () => {
    await asSuperuser(f.dataSource, `DELETE FROM audit_entries WHERE seq >= 18`);
    expect(await verify()).toMatchObject({
      ok: false,
      entries: 17,
      firstBadSeq: 18,
      problem: 'checkpoint_beyond_head',
    });
  });

  it('a truncated tail replaced by new entries is caught by the checkpoint it crosses', async () => {
    await asSuperuser(f.dataSource, `DELETE FROM audit_entries WHERE seq >= 18`);
    await seedEntries(f.dataSource, f.services.audit, 3, 100);
    await f.services.sealer.sealPending();
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 16, problem: 'checkpoint_mismatch' });
  });

  it('a forged checkpoint', async () => {
    await asSuperuser(f.dataSource, `UPDATE audit_checkpoints SET hash = $1 WHERE seq = 15`, [
      Buffer.alloc(32, 1),
    ]);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 15, problem: 'checkpoint_signature' });
  });

  it('a checkpoint signed with another key', async () => {
    const other = await createAuditFixture({
      CORRIDOR_AUDIT_SIGNING_KEY: Buffer.alloc(32, 9).toString('base64url'),
    });
    try {
      const [cp] = await f.dataSource.query<{ hash: Buffer }[]>(
        `SELECT hash FROM audit_checkpoints WHERE seq = 10`,
      );
      const forged = await other.services.signer.sign(10, cp.hash);
      await asSuperuser(f.dataSource, `DELETE FROM audit_checkpoints WHERE seq = 10`);
      await f.services.checkpoints.insert(f.dataSource.manager, forged);
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 10, problem: 'checkpoint_signature' });
    } finally {
      await other.close();
    }
  });

  it('rejects the install key when the auditor pins another public key', async () => {
    const result = await f.services.verifier.verify({ publicKey: new Uint8Array(32).fill(3) });
    expect(result).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'checkpoint_signature' });
  });
});
