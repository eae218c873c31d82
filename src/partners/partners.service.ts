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
import type { PartnerBody, PartnerDetail, PartnerView } from './partner.schemas';
import { PartnersErrorCode, partnersError } from './partners.errors';
import { PartnerRow, PartnersRepository } from './partners.repository';

/** What another feature (referrals) needs of a partner: who, and the key packages are sealed to. */
export interface PartnerRecipient {
  id: string;
  name: string;
  publicKey: Uint8Array;
}

const view = (p: PartnerRow): PartnerView => ({
  id: p.id,
  name: p.name,
  publicKey: toBase64Url(p.publicKey),
  createdMonth: p.createdMonth,
});

/**
 * Partner organisations a case can be referred to (docs/referrals.md). The name and public key are
 * plain (an organisation, and what anyone may seal to); the contact details are sealed to the
 * coordination team's current key, so that a seized database does not say who the organisation's
 * people are. Registering is audited, and so is every read of a contact.
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

  /** The partner a referral is sealed to; null for an unknown or malformed id. */
  async recipient(partnerId: string, manager?: EntityManager): Promise<PartnerRecipient | null> {
    const partner = UUID.test(partnerId) ? await this.partners.findById(partnerId, manager) : null;
    return partner ? { id: partner.id, name: partner.name, publicKey: partner.publicKey } : null;
  }
}

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
