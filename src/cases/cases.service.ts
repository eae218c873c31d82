import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { generateCaseKeyPair, sealKeySlot, wipe } from '../crypto';
import { KeysService, NewKeySlot } from '../keys/keys.service';
import { CASE_TEAM_HOLDERS, CaseKeyHolder, CaseTeamHolders } from './case-key-holders';
import { INITIAL_CASE_STATUS } from './case-status';
import { CasePlainFields, CaseRow, CasesRepository } from './cases.repository';

export type { CaseKeyHolder } from './case-key-holders';
export type { CasePlainFields, CaseRow } from './cases.repository';

/** A report joining a case: its key and that key's private half, opened by the caller (borrowed). */
export interface ReportKeyToSeal {
  reportId: string;
  reportKeyId: string;
  reportPrivateKey: Uint8Array;
  /** The report's plain region; a case opened from it starts in the same region (statistics). */
  region?: string | null;
}

/**
 * The cases feature's entry point for other features (triage opens and attaches; the cases issue
 * builds the rest). Every method writes in the caller's transaction. Access checks are the
 * caller's: these methods are given key material only a reader of the report holds.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly keys: KeysService,
    @Inject(CASE_TEAM_HOLDERS) private readonly teamHolders: CaseTeamHolders,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A new case from a report: a case key row (kind `case`) with slots for `opener`, the team
   * holders and the recovery key; the report's private key sealed to the case key (a slot held by
   * the key); status `verifying`.
   */
  async openFromReport(
    manager: EntityManager,
    report: ReportKeyToSeal,
    opener: CaseKeyHolder,
  ): Promise<CaseRow> {
    const caseId = randomUUID();
    const caseKeys = generateCaseKeyPair();
    try {
      const holders = [opener, ...(await this.teamHolders.holders(manager))];
      const slots: Omit<NewKeySlot, 'keyId'>[] = [
        ...holders.map((h) => ({
          holderType: h.holderType,
          holderId: h.holderId,
          holderKeyId: h.holderKeyId,
          sealedKey: sealKeySlot(caseKeys.privateKey, h.publicKey, caseId),
        })),
        {
          holderType: 'recovery',
          holderId: null,
          sealedKey: sealKeySlot(caseKeys.privateKey, this.config.secrets.recoveryPublicKey, caseId),
        },
      ];
      await this.keys.create(manager, { id: caseId, kind: 'case', publicKey: caseKeys.publicKey }, slots);
      await this.cases.insertCase(manager, {
        id: caseId,
        keyId: caseId,
        status: INITIAL_CASE_STATUS,
        region: report.region ?? null,
      });
      await this.cases.insertHistory(manager, {
        caseId,
        from: null,
        to: INITIAL_CASE_STATUS,
        outcome: null,
        actorId: opener.holderType === 'user' ? opener.holderId : null,
        reason: null,
      });
      const row: CaseRow = { id: caseId, keyId: caseId, status: INITIAL_CASE_STATUS, version: 1 };
      await this.sealReportTo(manager, row, caseKeys.publicKey, report);
      return row;
    } finally {
      wipe(caseKeys.privateKey);
    }
  }

  /** Adds a report to an existing case: its key sealed to the case key, no re-encryption. */
  async attachReport(manager: EntityManager, caseRow: CaseRow, report: ReportKeyToSeal): Promise<void> {
    const casePublicKey = await this.keys.publicKeyOf(caseRow.keyId, manager);
    if (!casePublicKey) throw new Error('a case without its key row');
    await this.sealReportTo(manager, caseRow, casePublicKey, report);
    await this.cases.touch(manager, caseRow.id);
  }

  findById(caseId: string, manager?: EntityManager): Promise<CaseRow | null> {
    return this.cases.findById(caseId, manager);
  }

  /** The reports of a case, the one it was opened from first. Access checks are the caller's. */
  reportIdsOf(caseId: string, manager?: EntityManager): Promise<string[]> {
    return this.cases.reportIdsOf(caseId, manager);
  }

  /** The plain fields of a case (status, outcome, region, needs, risks, milestones reached). */
  plainFieldsOf(caseId: string, manager?: EntityManager): Promise<CasePlainFields | null> {
    return this.cases.plainFieldsOf(caseId, manager);
  }

  private async sealReportTo(
    manager: EntityManager,
    caseRow: CaseRow,
    casePublicKey: Uint8Array,
    report: ReportKeyToSeal,
  ): Promise<void> {
    await this.keys.addSlots(manager, [
      {
        keyId: report.reportKeyId,
        holderType: 'key',
        holderId: null,
        holderKeyId: caseRow.keyId,
        sealedKey: sealKeySlot(report.reportPrivateKey, casePublicKey, report.reportKeyId),
      },
    ]);
    await this.cases.insertCaseReport(manager, caseRow.id, report.reportId);
  }
}
