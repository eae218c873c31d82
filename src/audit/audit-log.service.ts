import { Injectable } from '@nestjs/common';
import { AuditAction } from './audit-action';
import { AuditEntryRepository, SealedAuditEntry } from './audit-entry.repository';
import { AuditActor } from './audit-event';
import { AuditSealer } from './audit-sealer';
import { AuditService } from './audit.service';
import { AuditVerifier, VerificationResult } from './audit-verifier';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

export interface AuditEntryView {
  seq: number;
  occurredAt: string;
  actor: { type: string; id: string | null };
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `after` for the next page; null when this page is the end of the sealed log. */
  nextAfter: number | null;
}

const toView = (e: SealedAuditEntry): AuditEntryView => ({
  seq: e.seq,
  occurredAt: e.occurredAt,
  actor: { type: e.actorType, id: e.actorId },
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId,
  details: JSON.parse(e.details) as Record<string, unknown>,
  prevHash: e.prevHash.toString('hex'),
  hash: e.hash.toString('hex'),
});

/** The auditor's view of the log: paging through sealed entries, and audited verification. */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly entries: AuditEntryRepository,
    private readonly sealer: AuditSealer,
    private readonly verifier: AuditVerifier,
    private readonly audit: AuditService,
  ) {}

  async page(after = 0, limit = AUDIT_PAGE_DEFAULT): Promise<AuditPage> {
    const size = Math.min(limit, AUDIT_PAGE_MAX);
    const rows = await this.entries.sealedAfter(after, size);
    return {
      entries: rows.map(toView),
      nextAfter: rows.length === size ? rows[rows.length - 1].seq : null,
    };
  }

  /** Seals what has committed, verifies everything, and records that it did (with the outcome). */
  async verify(actor: AuditActor): Promise<VerificationResult> {
    await this.sealer.sealPending();
    const result = await this.verifier.verify();
    await this.audit.recordAlone({
      actor,
      action: AuditAction.AUDIT_VERIFIED,
      details: { ok: result.ok, entries: result.entries, firstBadSeq: result.firstBadSeq ?? null },
    });
    return result;
  }
}
