import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CaseReadingService } from '../cases/case-reading.service';
import { openJson, sealJson } from '../cases/case-sealing';
import type {
  CaseTimelineContext,
  CaseTimelineEntry,
  CaseTimelineSource,
} from '../cases/case-timeline-sources';
import { CaseRow, CasesService } from '../cases/cases.service';
import { CommonErrorCode, commonError } from '../common/errors';
import { UUID } from '../common/patterns';
import type { KeyPair } from '../crypto';
import { CaseAccessService } from '../keys/case-access.service';
import { KeysService } from '../keys/keys.service';
import { PartnerRecipient, PartnersService } from '../partners/partners.service';
import { ANSWER_FIELD, referralFieldValues } from './referral-fields';
import { referralAcknowledgementLocation, referralRecordLocation } from './referral-locations';
import { packageDocument, sealReferralPackage } from './referral-package';
import type {
  AcknowledgementBody,
  Consent,
  ReferralBody,
  ReferralCreated,
  ReferralView,
} from './referral.schemas';
import { ReferralsErrorCode, referralsError } from './referrals.errors';
import { ReferralRow, ReferralsRepository } from './referrals.repository';

/** The sealed record of a referral (case key): the consent and what was shared, with whom. */
interface ReferralRecord {
  at: string;
  consent: Consent;
  fields: string[];
}

interface Acknowledgement {
  at: string;
  note: string | null;
}

/**
 * Referrals of a case to partner organisations (docs/referrals.md). A referral exists only with a
 * recorded consent and the list of fields the person agreed to share: the package holds those
 * fields, read from the case through the caller's chain, sealed to the partner's public key — and
 * nothing else. The consent and the list are sealed to the case key. One transaction writes the
 * referral and its audit entry, or nothing. Every route answers 404 for a case the caller cannot
 * read, exactly as for a missing one.
 */
@Injectable()
export class ReferralsService implements CaseTimelineSource {
  readonly name = 'referrals';

  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly cases: CasesService,
    private readonly reading: CaseReadingService,
    private readonly access: CaseAccessService,
    private readonly keys: KeysService,
    private readonly partners: PartnersService,
    private readonly audit: AuditService,
  ) {}

  async refer(principal: Principal, caseId: string, body: ReferralBody): Promise<ReferralCreated> {
    const caseRow = await this.readableCase(principal, caseId);
    const consent = body.consent;
    if (!consent) throw referralsError(ReferralsErrorCode.REFERRAL_CONSENT_REQUIRED);
    // Checked before anything is decrypted, and again under a share lock when the referral is written.
    assertReferable(await this.partners.recipient(body.partnerId));
    const casePublicKey = (await this.keys.publicKeyOf(caseRow.keyId))!;
    // The reports are opened only when an answer of one is shared: nothing is decrypted for nothing.
    const withReports = body.fields.some((f) => ANSWER_FIELD.test(f));
    const detail = await this.reading.detail(principal, caseRow.id, 'referral', withReports);
    const id = randomUUID();
    const acknowledgeBy = await this.referrals.dayAfter(body.acknowledgeWithinDays);
    const record: ReferralRecord = { at: new Date().toISOString(), consent, fields: body.fields };
    return this.referrals.transaction(async (manager) => {
      // Locked until the commit: the package is sealed to the key the partner has while it is written.
      const partner = assertReferable(await this.partners.recipient(body.partnerId, manager));
      const sealed = sealReferralPackage(partner.publicKey, {
        referralId: id,
        acknowledgeBy,
        fields: referralFieldValues(detail, body.fields),
      });
      await this.referrals.insert(manager, {
        id,
        caseId: caseRow.id,
        partnerId: partner.id,
        partnerKeyId: partner.publicKeyId,
        createdBy: principal.userId,
        acknowledgeBy,
        record: sealJson(casePublicKey, record, referralRecordLocation(id)),
        package: sealed.envelope,
      });
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.REFERRAL_CREATED,
        targetType: 'referral',
        targetId: id,
        details: {
          caseId: caseRow.id,
          partnerId: partner.id,
          partnerKeyId: partner.publicKeyId,
          fields: body.fields,
        },
      });
      return {
        id,
        caseId: caseRow.id,
        partnerId: partner.id,
        partnerKeyId: partner.publicKeyId,
        fields: body.fields,
        acknowledgeBy,
        package: sealed.document,
      };
    });
  }

  /** The referrals of a case, consent and acknowledgement decrypted (audited as a case read). */
  async list(principal: Principal, caseId: string): Promise<{ referrals: ReferralView[] }> {
    const caseRow = await this.readableCase(principal, caseId);
    const referrals = await this.access.withCaseKeyPair(principal, caseRow.keyId, async (keys) =>
      (await this.referrals.ofCase(caseRow.id)).map((r) => referralView(r, keys)),
    );
    await this.audit.recordAlone({
      actor: { type: 'user', id: principal.userId },
      action: AuditAction.CASE_CONTENT_DECRYPTED,
      targetType: 'case',
      targetId: caseRow.id,
      details: { purpose: 'referrals', entries: referrals.length },
    });
    return { referrals };
  }

  /** Records that the partner acknowledged the referral (once); the note sealed to the case key. */
  async acknowledge(
    principal: Principal,
    caseId: string,
    referralId: string,
    body: AcknowledgementBody,
  ): Promise<{ id: string; acknowledgedMonth: string }> {
    const caseRow = await this.readableCase(principal, caseId);
    if (!UUID.test(referralId)) throw commonError(CommonErrorCode.NOT_FOUND);
    const casePublicKey = (await this.keys.publicKeyOf(caseRow.keyId))!;
    return this.referrals.transaction(async (manager) => {
      const referral = await this.referrals.lock(manager, caseRow.id, referralId);
      if (!referral) throw commonError(CommonErrorCode.NOT_FOUND);
      if (referral.acknowledgedMonth) throw referralsError(ReferralsErrorCode.REFERRAL_ALREADY_ACKNOWLEDGED);
      const acknowledgement: Acknowledgement = { at: new Date().toISOString(), note: body.note ?? null };
      const month = await this.referrals.acknowledge(manager, referral.id, {
        by: principal.userId,
        acknowledgement: sealJson(
          casePublicKey,
          acknowledgement,
          referralAcknowledgementLocation(referral.id),
        ),
      });
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.REFERRAL_ACKNOWLEDGED,
        targetType: 'referral',
        targetId: referral.id,
        details: { caseId: caseRow.id, note: !!body.note },
      });
      return { id: referral.id, acknowledgedMonth: month };
    });
  }

  /** The timeline source: one `referral` entry per referral, one `referral_acknowledged` per acknowledgement. */
  async entries(context: CaseTimelineContext): Promise<CaseTimelineEntry[]> {
    const entries: CaseTimelineEntry[] = [];
    for (const row of await this.referrals.ofCase(context.caseId)) {
      const r = referralView(row, context.caseKeys);
      entries.push({
        kind: 'referral',
        at: r.createdAt ?? r.createdMonth,
        actorId: row.createdBy,
        body: r.fields
          ? { referralId: r.id, partnerId: r.partnerId, fields: r.fields, acknowledgeBy: r.acknowledgeBy }
          : null,
      });
      if (r.acknowledgement)
        entries.push({
          kind: 'referral_acknowledged',
          at: r.acknowledgement.at ?? r.acknowledgement.month,
          actorId: r.acknowledgement.by,
          body: { referralId: r.id, note: r.acknowledgement.note },
        });
    }
    return entries;
  }

  private async readableCase(principal: Principal, caseId: string): Promise<CaseRow> {
    const caseRow = UUID.test(caseId) ? await this.cases.findById(caseId) : null;
    if (!caseRow) throw commonError(CommonErrorCode.NOT_FOUND);
    await this.access.assertReadable(principal, caseRow.id);
    return caseRow;
  }
}

/** The partner a referral may go to: registered, and not retired. */
function assertReferable(partner: PartnerRecipient | null): PartnerRecipient {
  if (!partner) throw referralsError(ReferralsErrorCode.REFERRAL_PARTNER_UNKNOWN);
  if (partner.retired) throw referralsError(ReferralsErrorCode.REFERRAL_PARTNER_RETIRED);
  return partner;
}

function referralView(row: ReferralRow, keys: KeyPair): ReferralView {
  const record = openJson<ReferralRecord>(keys, row.record, referralRecordLocation(row.id));
  const ack = row.acknowledgement
    ? openJson<Acknowledgement>(keys, row.acknowledgement, referralAcknowledgementLocation(row.id))
    : null;
  const unreadable: ReferralView['unreadable'] = [];
  if (!record) unreadable.push('record');
  if (row.acknowledgement && !ack) unreadable.push('acknowledgement');
  return {
    id: row.id,
    partnerId: row.partnerId,
    partnerKeyId: row.partnerKeyId,
    createdBy: row.createdBy,
    createdMonth: row.createdMonth,
    createdAt: record?.at ?? null,
    acknowledgeBy: row.acknowledgeBy,
    overdue: row.overdue,
    consent: record?.consent ?? null,
    fields: record?.fields ?? null,
    acknowledgement: row.acknowledgedMonth
      ? { month: row.acknowledgedMonth, by: row.acknowledgedBy, at: ack?.at ?? null, note: ack?.note ?? null }
      : null,
    package: packageDocument(row.id, row.package),
    unreadable,
  };
}
