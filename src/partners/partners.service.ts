import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { openJson } from '../cases/case-sealing';
import { CommonErrorCode, commonError } from '../common/errors';
import { UUID } from '../common/patterns';
import { fromBase64Url, sealToCase, toBase64Url } from '../crypto';
import { CaseAccessService } from '../keys/case-access.service';
import { TeamsService } from '../teams/teams.service';
import { partnerContactLocation } from './partner-locations';
import type { PartnerBody, PartnerDetail, PartnerUpdate, PartnerView } from './partner.schemas';
import { PartnersErrorCode, partnersError } from './partners.errors';
import { PartnerChanges, PartnerRow, PartnersRepository } from './partners.repository';

/** What another feature (referrals) needs of a partner: who, and the key packages are sealed to. */
export interface PartnerRecipient {
  id: string;
  name: string;
  publicKey: Uint8Array;
  /** Which of the partner's keys `publicKey` is (recorded with the referral). */
  publicKeyId: string;
  /** A retired partner receives no new referral. */
  retired: boolean;
}

const view = (p: PartnerRow): PartnerView => ({
  id: p.id,
  name: p.name,
  publicKey: toBase64Url(p.publicKey),
  publicKeyId: p.publicKeyId,
  createdMonth: p.createdMonth,
  retiredMonth: p.retiredMonth,
});

/** The fields an edit can change, in a fixed order, with the name its audit entry lists. */
const EDITABLE = [
  ['name', 'name'],
  ['publicKey', 'public_key'],
  ['contact', 'contact'],
] as const;

/**
 * Partner organisations a case can be referred to (docs/referrals.md). The name and public key are
 * plain (an organisation, and what anyone may seal to); the contact details are sealed to the
 * coordination team's current key, so that a seized database does not say who the organisation's
 * people are. Registering, editing and retiring are audited, and so is every read of a contact. A
 * retired partner stays (its referrals point at it) but receives no new referral and is not edited.
 */
@Injectable()
export class PartnersService {
  constructor(
    private readonly partners: PartnersRepository,
    private readonly teams: TeamsService,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  async register(principal: Principal, body: PartnerBody): Promise<PartnerView> {
    const publicKey = parsePublicKey(body.publicKey);
    const id = randomUUID();
    return this.partners.transaction(async (manager) => {
      const team = await this.teams.currentTeamKey('coordination', manager);
      const row = {
        id,
        name: body.name.trim(),
        publicKey,
        publicKeyId: randomUUID(),
        contact: sealToCase(team.publicKey, JSON.stringify(body.contact), partnerContactLocation(id)),
        contactKeyId: team.keyId,
      };
      if (!(await this.partners.insert(manager, { ...row, createdBy: principal.userId })))
        throw partnersError(PartnersErrorCode.PARTNER_NAME_TAKEN);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.PARTNER_REGISTERED,
        targetType: 'partner',
        targetId: id,
        details: {},
      });
      return view((await this.partners.findById(id, manager))!);
    });
  }

  /**
   * Replaces the name, the public key (under a new key id) and/or the contact (sealed to the team's
   * current key), under a lock of the row so that a referral never sees half of it. A name or key
   * given with the value it has already is no change (a contact is always sealed anew: the old one
   * is not opened to compare); an edit that changes nothing writes nothing.
   */
  async update(principal: Principal, partnerId: string, body: PartnerUpdate): Promise<PartnerView> {
    const publicKey = body.publicKey === undefined ? undefined : parsePublicKey(body.publicKey);
    return this.partners.transaction(async (manager) => {
      const partner = await this.lockActive(manager, partnerId);
      const changes: PartnerChanges = {};
      const name = body.name?.trim();
      if (name !== undefined && name !== partner.name) changes.name = name;
      if (publicKey && !sameBytes(publicKey, partner.publicKey)) {
        changes.publicKey = publicKey;
        changes.publicKeyId = randomUUID();
      }
      if (body.contact !== undefined) {
        const team = await this.teams.currentTeamKey('coordination', manager);
        changes.contact = sealToCase(
          team.publicKey,
          JSON.stringify(body.contact),
          partnerContactLocation(partner.id),
        );
        changes.contactKeyId = team.keyId;
      }
      const fields = EDITABLE.filter(([key]) => key in changes).map(([, audited]) => audited);
      if (fields.length === 0) return view(partner);
      if (!(await this.partners.update(manager, partner.id, changes)))
        throw partnersError(PartnersErrorCode.PARTNER_NAME_TAKEN);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.PARTNER_UPDATED,
        targetType: 'partner',
        targetId: partner.id,
        details: { fields, ...(changes.publicKeyId ? { publicKeyId: changes.publicKeyId } : {}) },
      });
      return view((await this.partners.findById(partner.id, manager))!);
    });
  }

  /** Retires the partner: no new referral goes to it; it and its referrals stay readable. */
  async retire(principal: Principal, partnerId: string): Promise<PartnerView> {
    return this.partners.transaction(async (manager) => {
      const partner = await this.lockActive(manager, partnerId);
      await this.partners.retire(manager, partner.id, principal.userId);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.PARTNER_RETIRED,
        targetType: 'partner',
        targetId: partner.id,
        details: {},
      });
      return view((await this.partners.findById(partner.id, manager))!);
    });
  }

  async list(): Promise<{ partners: PartnerView[] }> {
    return { partners: (await this.partners.list()).map(view) };
  }

  /** The partner with its contact, opened through the caller's chain to the team key (audited). */
  async detail(principal: Principal, partnerId: string): Promise<PartnerDetail> {
    const partner = UUID.test(partnerId) ? await this.partners.findById(partnerId) : null;
    if (!partner) throw commonError(CommonErrorCode.NOT_FOUND);
    const reachable = await this.access.readableCaseIds(principal, [partner.contactKeyId]);
    const contact = reachable.has(partner.contactKeyId)
      ? await this.access.withCaseKeyPair(principal, partner.contactKeyId, (keys) =>
          openJson<string>(keys, partner.contact, partnerContactLocation(partner.id)),
        )
      : null;
    if (typeof contact === 'string')
      await this.audit.recordAlone({
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.PARTNER_CONTACT_DECRYPTED,
        targetType: 'partner',
        targetId: partner.id,
        details: {},
      });
    return {
      ...view(partner),
      contact: typeof contact === 'string' ? contact : null,
      unreadable: typeof contact === 'string' ? [] : ['contact'],
    };
  }

  /**
   * The partner a referral is sealed to; null for an unknown or malformed id. Given the caller's
   * transaction, the row is share-locked until it ends: no edit or retirement lands in between.
   */
  async recipient(partnerId: string, manager?: EntityManager): Promise<PartnerRecipient | null> {
    const partner = UUID.test(partnerId)
      ? await this.partners.findById(partnerId, manager, manager ? 'share' : undefined)
      : null;
    return partner
      ? {
          id: partner.id,
          name: partner.name,
          publicKey: partner.publicKey,
          publicKeyId: partner.publicKeyId,
          retired: partner.retiredMonth !== null,
        }
      : null;
  }

  /** The partner locked for an edit: 404 for an unknown or malformed id, 409 once retired. */
  private async lockActive(manager: EntityManager, partnerId: string): Promise<PartnerRow> {
    const partner = UUID.test(partnerId) ? await this.partners.findById(partnerId, manager, 'update') : null;
    if (!partner) throw commonError(CommonErrorCode.NOT_FOUND);
    if (partner.retiredMonth) throw partnersError(PartnersErrorCode.PARTNER_RETIRED);
    return partner;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * 32 bytes of base64url that X25519 accepts: sealing a probe to it must work (libsodium refuses
 * the low-order points, whose shared secret is all zeros, so a package would be readable by anyone).
 */
function parsePublicKey(text: string): Uint8Array {
  try {
    const key = fromBase64Url(text);
    if (key.length !== 32 || key.every((b) => b === 0)) throw new Error('not a key');
    sealToCase(key, '', partnerContactLocation('probe'));
    return key;
  } catch {
    throw partnersError(PartnersErrorCode.PARTNER_KEY_INVALID);
  }
}
