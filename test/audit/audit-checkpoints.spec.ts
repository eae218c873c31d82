import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { fromBase64Url, verifySignature } from '../../src/crypto';
import { checkpointMessage } from '../../src/audit/audit-canonical';
import { AuditFixture, createAuditFixture } from './audit-fixture';
import { seedEntries } from './audit-seed';

describe('signed audit checkpoints', () => {
  describe('every N entries or T seconds', () => {
    let f: AuditFixture;
    beforeAll(async () => {
      f = await createAuditFixture({
        AUDIT_CHECKPOINT_EVERY_ENTRIES: '10',
        AUDIT_CHECKPOINT_EVERY_SECONDS: '1',
      });
    });
    afterAll(() => f.close());

    it('signs the first head at once, then waits for N entries or T seconds', async () => {
      await seedEntries(f.dataSource, f.services.audit, 3);
      expect((await f.services.sealer.sealBatch({ wait: true })).checkpoint?.seq).toBe(3);

      await seedEntries(f.dataSource, f.services.audit, 2, 3);
      expect((await f.services.sealer.sealBatch({ wait: true })).checkpoint).toBeNull();

      await seedEntries(f.dataSource, f.services.audit, 8, 5);
      expect((await f.services.sealer.sealBatch({ wait: true })).checkpoint?.seq).toBe(13);

      await seedEntries(f.dataSource, f.services.audit, 1, 13);
      expect((await f.services.sealer.sealBatch({ wait: true })).checkpoint).toBeNull();
      await new Promise((r) => setTimeout(r, 1100));
      // Nothing new to seal, but the head moved since the last checkpoint and T has passed.
      const pass = await f.services.sealer.sealBatch({ wait: true });
      expect(pass).toMatchObject({ sealed: 0, checkpoint: { seq: 14 } });
      // Nothing new since: no further checkpoint however long it waits.
      await new Promise((r) => setTimeout(r, 1100));
      expect((await f.services.sealer.sealBatch({ wait: true })).checkpoint).toBeNull();
    });

    it('signs seq, hash and time with the install key', async () => {
      const publicKey = await f.services.signer.publicKey();
      const all = await f.services.checkpoints.all();
      expect(all.map((c) => c.seq)).toEqual([3, 13, 14]);
      for (const c of all) expect(verifySignature(c.signature, checkpointMessage(c), publicKey)).toBe(true);
      const [head] = await f.dataSource.query<{ hash: Buffer }[]>(
        `SELECT hash FROM audit_entries WHERE seq = 14`,
      );
      expect(all[2].hash.equals(head.hash)).toBe(true);
    });
  });

  describe('the witness', () => {
    let server: Server;
    let received: Record<string, unknown>[];
    let status = 200;
    let witnessUrl: string;
    beforeAll(async () => {
      received = [];
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push(JSON.parse(body) as Record<string, unknown>);
          res.writeHead(status).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      witnessUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    it('receives each new checkpoint, verifiable with the public key it carries', async () => {
      const f = await createAuditFixture({
        AUDIT_WITNESS_URL: witnessUrl,
        AUDIT_CHECKPOINT_EVERY_ENTRIES: '2',
      });
      try {
        await seedEntries(f.dataSource, f.services.audit, 4);
        await f.services.sealer.sealBatch({ wait: true, batchSize: 2 });
        await f.services.sealer.sealBatch({ wait: true, batchSize: 2 });
        await f.services.sealer.witnessSettled();
        expect(received.map((r) => r.seq)).toEqual([2, 4]);
        const last = received[1] as {
          seq: number;
          hash: string;
          signedAt: string;
          publicKey: string;
          signature: string;
        };
        expect(Object.keys(last).sort()).toEqual([
          'hash',
          'keyId',
          'publicKey',
          'seq',
          'signature',
          'signedAt',
        ]);
        const message = checkpointMessage({
          seq: last.seq,
          hash: Buffer.from(last.hash, 'hex'),
          signedAt: last.signedAt,
        });
        expect(verifySignature(fromBase64Url(last.signature), message, fromBase64Url(last.publicKey))).toBe(
          true,
        );
      } finally {
        await f.close();
      }
    });

    it('never blocks sealing when it refuses or is unreachable', async () => {
      status = 503;
      const f = await createAuditFixture({ AUDIT_WITNESS_URL: witnessUrl, AUDIT_WITNESS_TIMEOUT_MS: '200' });
      const unreachable = await createAuditFixture({ AUDIT_WITNESS_URL: 'http://127.0.0.1:9/none' });
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        for (const fx of [f, unreachable]) {
          await seedEntries(fx.dataSource, fx.services.audit, 2);
          expect((await fx.services.sealer.sealBatch({ wait: true })).checkpoint?.seq).toBe(2);
          await fx.services.sealer.witnessSettled();
          expect(await fx.services.verifier.verify()).toMatchObject({ ok: true, checkpoints: 1 });
        }
        expect(warn.mock.calls.map((c) => c[1])).toEqual([
          'audit witness refused the checkpoint',
          'audit witness unreachable',
        ]);
        // The witness URL may carry a token: it is never logged.
        expect(JSON.stringify(warn.mock.calls)).not.toContain('127.0.0.1');
      } finally {
        warn.mockRestore();
        await Promise.all([f.close(), unreachable.close()]);
      }
    });
  });
});
