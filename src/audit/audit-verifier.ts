import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { equalBytes, initCrypto } from '../crypto';
import { GENESIS_HASH, chainHash } from './audit-canonical';
import { AuditCheckpoint, AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditEntryRepository, SealedAuditEntry } from './audit-entry.repository';
import { AuditSigner, checkpointSignatureValid } from './audit-signer';

/** Why verification failed, at `firstBadSeq`. */
export type VerificationProblem =
  /** The entry's stored hash is not the hash of its content (content or hash edited). */
  | 'hash_mismatch'
  /** The entry does not link to the entry before it (inserted, reordered, re-chained). */
  | 'prev_hash_mismatch'
  /** A sequence number is missing (deleted entry); firstBadSeq is the missing one. */
  | 'missing_entry'
  /** The chain is consistent but differs from a signed checkpoint: it was rewritten after
   *  the previous good checkpoint; firstBadSeq is the first entry after that checkpoint. */
  | 'checkpoint_mismatch'
  /** A checkpoint's signature or key id is wrong (forged or edited checkpoint). */
  | 'checkpoint_signature'
  /** A signed checkpoint covers entries that are gone (truncated tail); firstBadSeq is the first missing. */
  | 'checkpoint_beyond_head';

export interface VerificationResult {
  ok: boolean;
  /** Sealed entries in the log. */
  entries: number;
  /** Entries committed but not sealed yet (not covered by this verification). */
  unsealed: number;
  checkpoints: number;
  lastCheckpoint: { seq: number; hash: string; signedAt: string; keyId: string } | null;
  firstBadSeq?: number;
  problem?: VerificationProblem;
}

export interface VerifyOptions {
  /** The public key pinned by the auditor; defaults to the one derived from this install's key. */
  publicKey?: Uint8Array;
  batchSize?: number;
}

interface Finding {
  seq: number;
  problem: VerificationProblem;
}

const earliest = (a: Finding | null, b: Finding | null) => (!a ? b : !b ? a : b.seq < a.seq ? b : a);
const same = equalBytes;

/**
 * Recomputes the whole chain and checks every checkpoint, streaming the entries in seq order
 * (keyset batches, constant memory) inside one read-only REPEATABLE READ snapshot, so that the
 * sealer appending meanwhile cannot make the counts and the chain disagree.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: AuditEntryRepository,
    private readonly checkpointRepo: AuditCheckpointRepository,
    private readonly signer: AuditSigner,
  ) {}

  async verify(options: VerifyOptions = {}): Promise<VerificationResult> {
    await initCrypto();
    const publicKey = options.publicKey ?? (await this.signer.publicKey());
    const runner = this.dataSource.createQueryRunner('slave');
    await runner.connect();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const result = await this.verifyIn(runner.manager, publicKey, options.batchSize ?? 10_000);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async verifyIn(
    m: EntityManager,
    publicKey: Uint8Array,
    batchSize: number,
  ): Promise<VerificationResult> {
    const checkpoints = await this.checkpointRepo.all(m);
    const [entries, unsealed] = [await this.entries.countSealed(m), await this.entries.countUnsealed(m)];
    // Only validly signed checkpoints vouch for the chain; a forged one is itself the finding.
    const valid = checkpoints.map((c) => checkpointSignatureValid(c, publicKey));
    const forged = checkpoints.find((_, i) => !valid[i]);
    const trusted = checkpoints.filter((_, i) => valid[i]);
    const finding = earliest(
      forged ? { seq: forged.seq, problem: 'checkpoint_signature' } : null,
      await this.walkChain(m, trusted, batchSize),
    );
    const last = checkpoints.at(-1) ?? null;
    return {
      ok: finding === null,
      entries,
      unsealed,
      checkpoints: checkpoints.length,
      lastCheckpoint: last && {
        seq: last.seq,
        hash: last.hash.toString('hex'),
        signedAt: last.signedAt,
        keyId: last.keyId,
      },
      ...(finding ? { firstBadSeq: finding.seq, problem: finding.problem } : {}),
    };
  }

  /** The first chain problem in seq order, or null. */
  private async walkChain(
    m: EntityManager,
    checkpoints: AuditCheckpoint[],
    batchSize: number,
  ): Promise<Finding | null> {
    let prev: Uint8Array = GENESIS_HASH;
    let expected = 1;
    let nextCheckpoint = 0;
    let lastGoodCheckpointSeq = 0;
    for (;;) {
      const batch: SealedAuditEntry[] = await this.entries.sealedAfter(expected - 1, batchSize, m);
      for (const e of batch) {
        if (e.seq !== expected) return { seq: expected, problem: 'missing_entry' };
        if (!same(e.prevHash, prev)) return { seq: e.seq, problem: 'prev_hash_mismatch' };
        const hash = chainHash(prev, e);
        if (!same(hash, e.hash)) return { seq: e.seq, problem: 'hash_mismatch' };
        while (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint].seq === e.seq) {
          if (!same(checkpoints[nextCheckpoint].hash, hash))
            return { seq: lastGoodCheckpointSeq + 1, problem: 'checkpoint_mismatch' };
          lastGoodCheckpointSeq = e.seq;
          nextCheckpoint++;
        }
        prev = hash;
        expected++;
      }
      if (batch.length < batchSize) break;
    }
    if (nextCheckpoint < checkpoints.length) return { seq: expected, problem: 'checkpoint_beyond_head' };
    return null;
  }
}
