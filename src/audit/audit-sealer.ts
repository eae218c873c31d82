import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { initCrypto } from '../crypto';
import { GENESIS_HASH, chainHash } from './audit-canonical';
import { AuditCheckpoint, AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditEntryRepository, SealAssignment } from './audit-entry.repository';
import { AuditSigner } from './audit-signer';
import { AuditWitness } from './audit-witness';

/** Only the holder of this PostgreSQL advisory lock seals, whichever API or worker process it is. */
export const SEALER_LOCK_KEY = 7_272_740_401;

export interface SealPass {
  sealed: number;
  /** Another process held the sealer lock; nothing was done. */
  busy: boolean;
  checkpoint: AuditCheckpoint | null;
}

/**
 * Chains committed entries. Writers insert unsealed entries without any shared lock; one sealer at
 * a time (advisory lock) takes the committed, unsealed entries in id order, gives them the next
 * sequence numbers and hashes `BLAKE2b(prev_hash ‖ canonical(entry))`, one UPDATE per batch, and
 * signs a checkpoint of the head every N entries or T seconds. Entries that commit while a batch is
 * being sealed are simply sealed in the next batch: the chain order is the sealing order.
 */
@Injectable()
export class AuditSealer {
  private readonly witnessCalls = new Set<Promise<boolean>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: AuditEntryRepository,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly signer: AuditSigner,
    private readonly witness: AuditWitness,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'audit'>,
  ) {}

  /**
   * One batch. With `wait`, queues for the lock behind another sealer (on-demand sealing before a
   * verification); without, returns `busy` at once (the periodic loop of every worker).
   */
  async sealBatch(options: { wait?: boolean; batchSize?: number } = {}): Promise<SealPass> {
    await initCrypto();
    const pass = await this.dataSource.transaction(async (m): Promise<SealPass> => {
      if (!(await this.lock(m, options.wait ?? false))) return { sealed: 0, busy: true, checkpoint: null };
      const pending = await this.entries.unsealed(m, options.batchSize ?? this.config.audit.sealBatch);
      let head = (await this.entries.head(m)) ?? { seq: 0, hash: Buffer.from(GENESIS_HASH) };
      const batch: SealAssignment[] = [];
      for (const entry of pending) {
        const seq = head.seq + 1;
        const hash = Buffer.from(chainHash(head.hash, { ...entry, seq }));
        batch.push({ id: entry.id, seq, prevHash: head.hash, hash });
        head = { seq, hash };
      }
      await this.entries.seal(m, batch);
      const checkpoint = head.seq > 0 ? await this.checkpointIfDue(m, head) : null;
      return { sealed: batch.length, busy: false, checkpoint };
    });
    if (pass.checkpoint) this.publish(pass.checkpoint, await this.signer.publicKey());
    return pass;
  }

  /** Resolves when every witness POST started so far has finished (CLI exit, tests). */
  async witnessSettled(): Promise<void> {
    await Promise.allSettled([...this.witnessCalls]);
  }

  private publish(checkpoint: AuditCheckpoint, publicKey: Uint8Array) {
    const call = this.witness.publish(checkpoint, publicKey).finally(() => this.witnessCalls.delete(call));
    this.witnessCalls.add(call);
  }

  /** Seals everything committed so far; returns how many entries it sealed. */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const pass = await this.sealBatch({ wait: true });
      total += pass.sealed;
      if (pass.sealed < this.config.audit.sealBatch) return total;
    }
  }

  private async lock(m: EntityManager, wait: boolean): Promise<boolean> {
    if (wait) {
      await m.query('SELECT pg_advisory_xact_lock($1)', [SEALER_LOCK_KEY]);
      return true;
    }
    const [row] = await m.query<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      SEALER_LOCK_KEY,
    ]);
    return row.locked;
  }

  private async checkpointIfDue(
    m: EntityManager,
    head: { seq: number; hash: Buffer },
  ): Promise<AuditCheckpoint | null> {
    const last = await this.checkpoints.latest(m);
    if (last && last.seq >= head.seq) return null;
    const { checkpointEveryEntries, checkpointEverySeconds } = this.config.audit;
    const due =
      !last ||
      head.seq - last.seq >= checkpointEveryEntries ||
      Date.now() - Date.parse(last.signedAt) >= checkpointEverySeconds * 1000;
    if (!due) return null;
    const checkpoint = await this.signer.sign(head.seq, head.hash);
    await this.checkpoints.insert(m, checkpoint);
    return checkpoint;
  }
}
