import { createAuditServices } from '../../src/audit/audit-standalone';
import { AuditAction } from '../../src/audit/audit-action';
import { AuditFixture, createAuditFixture } from './audit-fixture';

/**
 * Several processes at once: writers on separate connection pools (as API nodes), two sealers on
 * two more pools (as two worker nodes) racing for the advisory lock, while transactions commit
 * out of id order. The chain must come out complete, gap-free and verifiable.
 */
describe('the audit chain under concurrent writers and sealers', () => {
  let f: AuditFixture;
  beforeAll(async () => {
    f = await createAuditFixture({ AUDIT_CHECKPOINT_EVERY_ENTRIES: '50', AUDIT_SEAL_BATCH: '37' });
  });
  afterAll(() => f.close());

  it('seals every committed entry exactly once, and the chain verifies', async () => {
    const writerPools = await Promise.all([f.connect(), f.connect(), f.connect()]);
    const sealerPools = await Promise.all([f.connect(), f.connect()]);
    const sealers = sealerPools.map((ds) => createAuditServices(ds, f.config).sealer);
    let writing = true;
    let busyPasses = 0;
    const sealing = sealers.map(async (sealer) => {
      while (writing) {
        const pass = await sealer.sealBatch();
        if (pass.busy) busyPasses++;
        await new Promise((r) => setTimeout(r, 2));
      }
    });

    const perWriter = 40;
    let rolledBack = 0;
    const writers = writerPools.flatMap((ds, p) => {
      const { audit } = createAuditServices(ds, f.config);
      return Array.from({ length: 4 }, (_, w) =>
        (async () => {
          for (let i = 0; i < perWriter; i++) {
            const fail = i % 10 === 9;
            await ds
              .transaction(async (m) => {
                await audit.record(m, {
                  actor: { type: 'user', id: `writer-${p}-${w}` },
                  action: AuditAction.STATS_QUERIED,
                  details: { subject: 'reports', groupBy: ['month'], cells: i },
                });
                // Hold some transactions open a little so that commits land out of id order.
                if (i % 3 === 0) await m.query('SELECT pg_sleep(0.005)');
                if (fail) throw new Error('rolled back on purpose');
              })
              .catch(() => rolledBack++);
          }
        })(),
      );
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(sealing);
    await f.services.sealer.sealPending();

    const committed = 3 * 4 * perWriter - rolledBack;
    expect(rolledBack).toBe(3 * 4 * 4);
    const result = await f.services.verifier.verify({ batchSize: 100 });
    expect(result).toMatchObject({ ok: true, entries: committed, unsealed: 0 });
    // A checkpoint is signed after the batch that reaches 50 new entries: gaps stay below 50 + batch.
    const seqs = (await f.services.checkpoints.all()).map((c) => c.seq);
    const gaps = seqs.map((s, i) => s - (seqs[i - 1] ?? 0));
    expect(seqs.length).toBeGreaterThanOrEqual(Math.floor(committed / (50 + 37)));
    expect(Math.max(...gaps)).toBeLessThan(50 + 37);
    expect(busyPasses).toBeGreaterThan(0); // the sealers really did contend for the lock
    const [row] = await f.dataSource.query<{ min: string; max: string; n: string }[]>(
      `SELECT min(seq) AS min, max(seq) AS max, count(DISTINCT seq) AS n FROM audit_entries`,
    );
    expect(row).toEqual({ min: '1', max: String(committed), n: String(committed) });
  });
});
